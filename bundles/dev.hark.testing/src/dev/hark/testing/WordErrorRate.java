package dev.hark.testing;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** Word error rate: word-level edit distance over the reference length, after light normalisation. */
public final class WordErrorRate {

    private WordErrorRate() {
    }

    /** Lower case, punctuation dropped, split on white space. */
    public static List<String> words(String text) {
        String cleaned = text.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9' ]+", " ").strip();
        return cleaned.isEmpty() ? List.of() : Arrays.asList(cleaned.split("\\s+"));
    }

    public static double of(String reference, String hypothesis) {
        List<String> ref = words(reference);
        if (ref.isEmpty()) {
            return words(hypothesis).isEmpty() ? 0 : 1;
        }
        return (double) errors(reference, hypothesis) / ref.size();
    }

    /** Sum of edit distances over sum of reference lengths, for pairs (reference i, hypothesis i). */
    public static double ofAll(List<String> references, List<String> hypotheses) {
        int errors = 0;
        int words = 0;
        for (int i = 0; i < references.size(); i++) {
            errors += errors(references.get(i), hypotheses.get(i));
            words += words(references.get(i)).size();
        }
        return words == 0 ? 0 : (double) errors / words;
    }

    /** Word-level edit distance: substitutions, insertions and deletions. */
    public static int errors(String reference, String hypothesis) {
        return dev.hark.core.eval.ErrorRate.wordEdits(String.join(" ", words(reference)), String.join(" ", words(hypothesis)));
    }
}
