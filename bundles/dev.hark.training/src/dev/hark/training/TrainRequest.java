package dev.hark.training;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

/**
 * v1's training request body (untyped JSON, all optional) with Hark's additions.
 *
 * @param resumeFromCheckpoint v1's flag (default true): continue from the latest checkpoint of this model and dataset if one exists
 * @param specificCheckpoint   a checkpoint name to continue from
 * @param lightweight          v1's 10-sample test run
 */
public record TrainRequest(String modelName, String datasetName, int epochs, int batchSize, boolean resumeFromCheckpoint,
        String specificCheckpoint, boolean lightweight, int limitSamples, double learningRate, int warmupSteps,
        double validationSplit, long seed, int keepCheckpoints, int threads, int workerHeapMb, int failAfterSteps,
        boolean exhaustMemory) {

    /** Reads a request body; IllegalArgumentException (400) for fields of the wrong type or range. */
    public static TrainRequest parse(JsonObject o) {
        int epochs = integer(o, "epochs", 10, 1, 100_000);
        int batch = integer(o, "batch_size", 16, 1, 4096);
        return new TrainRequest(string(o, "model_name", "ctc"), string(o, "dataset_name", null), epochs, batch,
                bool(o, "resume_from_checkpoint", true), string(o, "specific_checkpoint", null), bool(o, "lightweight", false),
                integer(o, "limit_samples", 0, 0, Integer.MAX_VALUE), number(o, "learning_rate", 0.003, 1e-7, 1),
                integer(o, "warmup_steps", -1, -1, 1_000_000), number(o, "validation_split", 0.05, 0, 0.9),
                integer(o, "seed", 42, Integer.MIN_VALUE, Integer.MAX_VALUE), integer(o, "keep_checkpoints", 5, 0, 10_000),
                integer(o, "threads", 1, 1, 256), integer(o, "worker_heap_mb", 0, 0, 1 << 20),
                integer(o, "fail_after_steps", 0, 0, Integer.MAX_VALUE), bool(o, "exhaust_memory", false));
    }

    private static JsonElement get(JsonObject o, String key) {
        JsonElement e = o.get(key);
        return e == null || e.isJsonNull() ? null : e;
    }

    private static String string(JsonObject o, String key, String fallback) {
        JsonElement e = get(o, key);
        if (e == null) {
            return fallback;
        }
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) {
            throw new IllegalArgumentException(key + " must be a string");
        }
        String s = e.getAsString().strip();
        return s.isEmpty() ? fallback : s;
    }

    private static boolean bool(JsonObject o, String key, boolean fallback) {
        JsonElement e = get(o, key);
        if (e == null) {
            return fallback;
        }
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isBoolean()) {
            throw new IllegalArgumentException(key + " must be true or false");
        }
        return e.getAsBoolean();
    }

    private static int integer(JsonObject o, String key, int fallback, int min, int max) {
        JsonElement e = get(o, key);
        if (e == null) {
            return fallback;
        }
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber()) {
            throw new IllegalArgumentException(key + " must be a number");
        }
        double d = e.getAsDouble();
        if (d != Math.rint(d) || d < min || d > max) {
            throw new IllegalArgumentException(key + " must be a whole number in " + min + ".." + max + ", got " + e);
        }
        return (int) d;
    }

    private static double number(JsonObject o, String key, double fallback, double min, double max) {
        JsonElement e = get(o, key);
        if (e == null) {
            return fallback;
        }
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber()) {
            throw new IllegalArgumentException(key + " must be a number");
        }
        double d = e.getAsDouble();
        if (!(d >= min && d <= max)) {
            throw new IllegalArgumentException(key + " must be in " + min + ".." + max + ", got " + e);
        }
        return d;
    }
}
