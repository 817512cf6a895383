package dev.hark.protocol.runs;

/**
 * A run's best completed evaluation (lowest WER, then CER), as {@code GET /v2/runs} lists it so runs can be compared
 * and sorted by it.
 */
public record EvaluationBest(String evaluationId, String checkpoint, String dataset, String split, int utterances, double wer,
        double cer) {
}
