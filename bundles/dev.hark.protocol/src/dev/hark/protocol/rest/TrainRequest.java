package dev.hark.protocol.rest;

/**
 * {@code POST /api/train/start} and {@code /api/train/resume} body: v1's fields and Hark's additions, all
 * optional (null means the server's default, see {@link TrainingDefaults}). The server validates ranges.
 *
 * @param resumeFromCheckpoint v1's flag (default true): continue from the latest checkpoint of this model and dataset
 * @param specificCheckpoint   a checkpoint name to continue from
 * @param lightweight          v1's 10-sample test run
 * @param warmupSteps          -1: 10 % of the steps, at most 200
 */
public record TrainRequest(String modelName, String datasetName, Integer epochs, Integer batchSize, Boolean resumeFromCheckpoint,
        String specificCheckpoint, Boolean lightweight, Integer limitSamples, Double learningRate, Integer warmupSteps,
        Double validationSplit, Long seed, Integer keepCheckpoints, Integer threads) {

    /** A request with the model, dataset and the usual knobs; everything else the server's default. */
    public static TrainRequest of(String modelName, String datasetName, int epochs, int batchSize, int limitSamples,
            String specificCheckpoint) {
        return new TrainRequest(modelName, datasetName, epochs, batchSize, specificCheckpoint != null ? Boolean.TRUE : null,
                specificCheckpoint, null, limitSamples > 0 ? limitSamples : null, null, null, null, null, null, null);
    }
}
