package dev.hark.engine.pocketsphinx.tests;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** Word error rate: word-level edit distance (substitutions, insertions, deletions) over reference length. */
final class WordErrorRate {

    private WordErrorRate() {
    }

    static double of(String reference, String hypothesis) {
        List<String> ref = words(reference);
        List<String> hyp = words(hypothesis);
        if (ref.isEmpty()) {
            throw new IllegalArgumentException("empty reference");
        }
        return (double) distance(ref, hyp) / ref.size();
    }

    /** Sum of edit distances over sum of reference lengths, for a set of (reference, hypothesis) pairs. */
    static double ofAll(List<String> references, List<String> hypotheses) {
        int errors = 0;
        int words = 0;
        for (int i = 0; i < references.size(); i++) {
            errors += distance(words(references.get(i)), words(hypotheses.get(i)));
            words += words(references.get(i)).size();
        }
        return (double) errors / words;
    }

    static List<String> words(String text) {
        String normalized = text.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9' ]", " ").strip();
        return normalized.isEmpty() ? List.of() : Arrays.asList(normalized.split("\\s+"));
    }

    private static int distance(List<String> ref, List<String> hyp) {
        int[] previous = new int[hyp.size() + 1];
        int[] current = new int[hyp.size() + 1];
        for (int j = 0; j <= hyp.size(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= ref.size(); i++) {
            current[0] = i;
            for (int j = 1; j <= hyp.size(); j++) {
                int substitution = previous[j - 1] + (ref.get(i - 1).equals(hyp.get(j - 1)) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[hyp.size()];
    }
}
