package dev.hark.protocol.training;

/** {@code error}: why a run failed, with the worker's stack trace or the tail of its standard error. */
public record TrainingError(String message, String traceback) implements TrainingMessage {

    public static final String TYPE = "error";

    @Override
    public String type() {
        return TYPE;
    }
}
