package dev.hark.core.eval;

import java.util.Arrays;
import java.util.List;

/**
 * The figures of an evaluation: corpus WER and CER (edits summed over utterances, divided by the summed reference
 * length: long utterances weigh more, as in every ASR toolkit's report), failed utterances, and the latency
 * percentiles over the utterances that had one ({@code NaN} when none had).
 */
public record EvaluationSummary(int utterances, int failed, double wer, double cer, double audioSeconds, double firstPartialP50,
        double firstPartialP95, double finalP50, double finalP95) {

    public static EvaluationSummary of(List<UtteranceScore> scores) {
        long wordEdits = 0, words = 0, charEdits = 0, chars = 0;
        int failed = 0;
        double audio = 0;
        for (UtteranceScore s : scores) {
            wordEdits += s.wordEdits();
            words += s.referenceWords();
            charEdits += s.charEdits();
            chars += s.referenceChars();
            audio += s.audioSeconds();
            if (!s.error().isEmpty()) {
                failed++;
            }
        }
        long[] first = scores.stream().mapToLong(UtteranceScore::firstPartialMillis).filter(v -> v >= 0).sorted().toArray();
        long[] last = scores.stream().mapToLong(UtteranceScore::finalMillis).filter(v -> v >= 0).sorted().toArray();
        return new EvaluationSummary(scores.size(), failed, words == 0 ? 0 : (double) wordEdits / words, chars == 0 ? 0 : (double) charEdits / chars,
                audio, percentile(first, 0.50), percentile(first, 0.95), percentile(last, 0.50), percentile(last, 0.95));
    }

    /** Nearest-rank percentile of sorted values; NaN for none. */
    static double percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(p * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    @Override
    public String toString() {
        return "EvaluationSummary" + Arrays.asList(utterances, failed, wer, cer);
    }
}
