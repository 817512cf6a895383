package dev.hark.core;

import com.google.gson.JsonObject;

/**
 * Payload of the {@code hark/training/*} topics: one event of the server's training job, in the
 * server's own shape (v1's progress/log/validation_result/status/error payloads).
 *
 * @param type    progress, log, validation_result, status or error
 * @param payload the fields, e.g. epoch, step, total_steps, loss, learning_rate for progress
 */
public record TrainingEvent(String type, JsonObject payload) {

    /** The topic an event of {@code type} travels on. */
    public static String topicOf(String type) {
        return switch (type) {
            case "progress" -> HarkTopics.TRAINING_PROGRESS;
            case "log" -> HarkTopics.TRAINING_LOG;
            case "validation_result" -> HarkTopics.TRAINING_VALIDATION;
            default -> HarkTopics.TRAINING_STATUS;
        };
    }

    public double number(String field, double fallback) {
        var e = payload.get(field);
        return e != null && e.isJsonPrimitive() && e.getAsJsonPrimitive().isNumber() ? e.getAsDouble() : fallback;
    }

    public String text(String field) {
        var e = payload.get(field);
        return e != null && e.isJsonPrimitive() ? e.getAsString() : "";
    }
}
