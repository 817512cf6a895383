package dev.hark.core.eval;

import java.util.Objects;

/**
 * One evaluated utterance: its reference and what the recognizer heard (both normalised with
 * {@link ErrorRate#normalize}), the word and character edits against the reference, and the streaming latencies the
 * client measured ({@code firstPartialMillis}: from when the utterance's first audio was sent to its first partial;
 * {@code finalMillis}: from the end of its audio to its final; -1 where the server sent none). {@code error} is why
 * the utterance could not be recognised (empty when it was).
 */
public record UtteranceScore(String id, String reference, String hypothesis, int wordEdits, int referenceWords, int charEdits,
        int referenceChars, long firstPartialMillis, long finalMillis, double audioSeconds, String error) {

    public UtteranceScore {
        Objects.requireNonNull(id, "id");
        reference = reference == null ? "" : reference;
        hypothesis = hypothesis == null ? "" : hypothesis;
        error = error == null ? "" : error;
    }

    /** Scores {@code hypothesis} against {@code reference} after normalising both. */
    public static UtteranceScore of(String id, String reference, String hypothesis, long firstPartialMillis, long finalMillis,
            double audioSeconds) {
        String ref = ErrorRate.normalize(reference), hyp = ErrorRate.normalize(hypothesis);
        return new UtteranceScore(id, ref, hyp, ErrorRate.wordEdits(ref, hyp), ErrorRate.wordCount(ref), ErrorRate.characterEdits(ref, hyp),
                ref.length(), firstPartialMillis, finalMillis, audioSeconds, "");
    }

    /** An utterance that could not be recognised: every reference word counts as an error. */
    public static UtteranceScore failed(String id, String reference, double audioSeconds, String error) {
        String ref = ErrorRate.normalize(reference);
        int words = ErrorRate.wordCount(ref);
        return new UtteranceScore(id, ref, "", words, words, ref.length(), ref.length(), -1, -1, audioSeconds, error);
    }

    /** Word error rate of this utterance (0 for an empty reference heard as empty, 1 for anything heard then). */
    public double wer() {
        return referenceWords == 0 ? (wordEdits == 0 ? 0 : 1) : (double) wordEdits / referenceWords;
    }

    public double cer() {
        return referenceChars == 0 ? (charEdits == 0 ? 0 : 1) : (double) charEdits / referenceChars;
    }
}
