package dev.hark.protocol.runs;

/**
 * One utterance of an evaluation: reference and hypothesis (normalised: lower case, punctuation dropped), word and
 * character edits against the reference and its length, the streaming latencies ({@code firstPartialMs}: from the
 * utterance's first audio to its first partial; {@code finalMs}: from the end of its audio to its final; null where
 * there was none) and why it failed ({@code error}, empty when it did not).
 */
public record EvaluationUtterance(String id, String reference, String hypothesis, int wordEdits, int referenceWords, int charEdits,
        int referenceChars, Long firstPartialMs, Long finalMs, double audioSeconds, String error) {
}
