package dev.hark.protocol.runs;

/**
 * {@code POST /v2/runs/{id}/evaluations}: evaluate one of the run's checkpoints on a server-side dataset.
 *
 * @param checkpoint a checkpoint of the run, by either of its names ({@link RunCheckpoint#name()} or {@code folder})
 * @param dataset    a dataset on the server (null: the run's own)
 * @param split      {@value #VALIDATION} (the run's validation split, as its trainer chose it) or {@value #ALL}; null:
 *                   validation
 * @param limit      evaluate at most this many utterances (null or 0: all, up to the server's limit)
 */
public record EvaluationRequest(String checkpoint, String dataset, String split, Integer limit) {

    public static final String VALIDATION = "validation";
    public static final String ALL = "all";
}
