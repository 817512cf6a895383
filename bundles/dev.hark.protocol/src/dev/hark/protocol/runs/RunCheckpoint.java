package dev.hark.protocol.runs;

/**
 * A checkpoint a Hark server's run wrote, with what its validation measured. {@code name} is what clients name it by
 * (the newest run's checkpoints by v1's name, e.g. {@code ctc-digits-epoch-3}); {@code folder} is its own name, with
 * the run's tag ({@code ctc-digits-r261127141830-epoch-3}); either is accepted wherever a checkpoint is named.
 * Metrics are null when the epoch had no validation (or it was not finite).
 */
public record RunCheckpoint(String name, String folder, int epoch, long globalStep, Double valLoss, Double cer, Double wer,
        String status, String savedAt) {
}
