package dev.hark.training;

import dev.hark.protocol.rest.TrainingDefaults;

/**
 * A checked training request: v1's body ({@link dev.hark.protocol.rest.TrainRequest}, all fields optional) with the
 * server's defaults ({@link TrainingDefaults}) filled in and every range checked, plus the {@link TestHooks}. This
 * is the one place where a training request is validated.
 *
 * @param resumeFromCheckpoint v1's flag (default true): continue from the latest checkpoint of this model and dataset if one exists
 * @param specificCheckpoint   a checkpoint name to continue from
 * @param lightweight          v1's 10-sample test run
 */
public record TrainRequest(String modelName, String datasetName, int epochs, int batchSize, boolean resumeFromCheckpoint,
        String specificCheckpoint, boolean lightweight, int limitSamples, double learningRate, int warmupSteps,
        double validationSplit, long seed, int keepCheckpoints, int threads, TestHooks hooks) {

    public TrainRequest {
        hooks = hooks == null ? TestHooks.NONE : hooks;
    }

    /** A request from a client's body, without test hooks. */
    public static TrainRequest from(dev.hark.protocol.rest.TrainRequest body) throws TrainingException {
        return from(body, TestHooks.NONE);
    }

    /**
     * Fills in the defaults and checks ranges.
     *
     * @throws TrainingException INVALID for a value out of range, or test hooks this JVM does not accept
     */
    public static TrainRequest from(dev.hark.protocol.rest.TrainRequest body, TestHooks hooks) throws TrainingException {
        return new TrainRequest(text(body.modelName(), TrainingDefaults.DEFAULT_MODEL), text(body.datasetName(), null),
                range("epochs", body.epochs(), TrainingDefaults.EPOCHS, 1, 100_000),
                range("batch_size", body.batchSize(), TrainingDefaults.BATCH_SIZE, 1, 4096),
                body.resumeFromCheckpoint() == null || body.resumeFromCheckpoint(), text(body.specificCheckpoint(), null),
                Boolean.TRUE.equals(body.lightweight()), range("limit_samples", body.limitSamples(), 0, 0, Integer.MAX_VALUE),
                range("learning_rate", body.learningRate(), TrainingDefaults.LEARNING_RATE, 1e-7, 1),
                range("warmup_steps", body.warmupSteps(), TrainingDefaults.WARMUP_STEPS, -1, 1_000_000),
                range("validation_split", body.validationSplit(), TrainingDefaults.VALIDATION_SPLIT, 0, 0.9),
                body.seed() == null ? TrainingDefaults.SEED : body.seed(),
                range("keep_checkpoints", body.keepCheckpoints(), TrainingDefaults.KEEP_CHECKPOINTS, 0, 10_000),
                range("threads", body.threads(), TrainingDefaults.THREADS, 1, 256), (hooks == null ? TestHooks.NONE : hooks).checked());
    }

    /** Samples the worker reads: 10 for a lightweight run, else {@link #limitSamples()} (0 = all). */
    public int sampleLimit() {
        return lightweight ? 10 : limitSamples;
    }

    private static String text(String s, String fallback) {
        return s == null || s.isBlank() ? fallback : s.strip();
    }

    static int range(String key, Integer value, int fallback, int min, int max) throws TrainingException {
        if (value == null) {
            return fallback;
        }
        range(key, value, min, max);
        return value;
    }

    static void range(String key, Integer value, int min, int max) throws TrainingException {
        if (value != null && (value < min || value > max)) {
            throw TrainingException.invalid(key + " must be a whole number in " + min + ".." + max + ", got " + value);
        }
    }

    private static double range(String key, Double value, double fallback, double min, double max) throws TrainingException {
        if (value == null) {
            return fallback;
        }
        if (!(value >= min && value <= max)) {
            throw TrainingException.invalid(key + " must be in " + min + ".." + max + ", got " + value);
        }
        return value;
    }
}
