package dev.hark.protocol.runs;

/**
 * The figures of an evaluation so far: corpus WER and CER (edits summed over utterances over the summed reference
 * length), utterances scored and failed, seconds of audio, and latency percentiles in milliseconds (nearest rank; null
 * when no utterance had one).
 */
public record EvaluationFigures(int utterances, int failed, double wer, double cer, double audioSeconds, Double firstPartialP50Ms,
        Double firstPartialP95Ms, Double finalP50Ms, Double finalP95Ms) {
}
