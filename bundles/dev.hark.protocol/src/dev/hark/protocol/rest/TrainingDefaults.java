package dev.hark.protocol.rest;

import java.util.List;

/** {@code training_config} of {@code GET /api/config}: the defaults a {@link TrainRequest} falls back to. */
public record TrainingDefaults(boolean available, List<String> trainableModels, int epochs, int batchSize, double learningRate,
        double validationSplit, int keepCheckpoints, int threads) {

    public static final String DEFAULT_MODEL = "ctc";
    public static final int EPOCHS = 10;
    public static final int BATCH_SIZE = 16;
    public static final double LEARNING_RATE = 0.003;
    public static final double VALIDATION_SPLIT = 0.05;
    public static final int KEEP_CHECKPOINTS = 5;
    public static final int THREADS = 1;
    public static final int WARMUP_STEPS = -1;
    public static final long SEED = 42;

    /** The server's defaults for the given trainable models. */
    public static TrainingDefaults of(List<String> trainableModels) {
        return new TrainingDefaults(!trainableModels.isEmpty(), List.copyOf(trainableModels), EPOCHS, BATCH_SIZE, LEARNING_RATE,
                VALIDATION_SPLIT, KEEP_CHECKPOINTS, THREADS);
    }
}
