package dev.hark.core.eval;

/**
 * Character and word error rates by Levenshtein distance: the training validator's, {@code hark evaluate}'s and the
 * tests' one definition. {@link #normalize} is the light normalisation used before scoring a recognizer's output
 * against a transcript (lower case, punctuation other than apostrophes dropped, white space collapsed).
 */
public final class ErrorRate {

    private ErrorRate() {
    }

    /** Lower case, punctuation other than apostrophes dropped, runs of white space as one space, stripped. */
    public static String normalize(String text) {
        return text.toLowerCase(java.util.Locale.ROOT).replaceAll("[^\\p{L}\\p{N}' ]+", " ").replaceAll("\\s+", " ").strip();
    }

    /** Words of {@code text} (split on white space; none for blank text). */
    public static int wordCount(String text) {
        return text.isBlank() ? 0 : text.strip().split("\\s+").length;
    }

    /** Edit distance between two sequences of code points. */
    public static int characterEdits(String reference, String hypothesis) {
        return distance(reference.codePoints().toArray(), hypothesis.codePoints().toArray());
    }

    public static int wordEdits(String reference, String hypothesis) {
        String[] r = words(reference), h = words(hypothesis);
        int[] ri = new int[r.length], hi = new int[h.length];
        java.util.Map<String, Integer> ids = new java.util.HashMap<>();
        for (int i = 0; i < r.length; i++) {
            ri[i] = ids.computeIfAbsent(r[i], w -> ids.size());
        }
        for (int i = 0; i < h.length; i++) {
            hi[i] = ids.computeIfAbsent(h[i], w -> ids.size());
        }
        return distance(ri, hi);
    }

    private static String[] words(String text) {
        return text.isBlank() ? new String[0] : text.strip().split("\\s+");
    }

    /**
     * A minimum-edit alignment of the words of {@code hypothesis} against those of {@code reference}, in reading order:
     * its edits are exactly {@link #wordEdits} of them. Where several alignments are equally short, a substitution is
     * preferred to a deletion and insertion, and a deletion comes before an insertion. Memory and time grow with the
     * product of the two lengths (one utterance: fine; a whole book: split it first).
     */
    public static java.util.List<AlignedWord> alignWords(String reference, String hypothesis) {
        String[] r = words(reference), h = words(hypothesis);
        int[][] d = new int[r.length + 1][h.length + 1];
        for (int i = 0; i <= r.length; i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= h.length; j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= r.length; i++) {
            for (int j = 1; j <= h.length; j++) {
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + (r[i - 1].equals(h[j - 1]) ? 0 : 1));
            }
        }
        java.util.ArrayList<AlignedWord> out = new java.util.ArrayList<>();
        int i = r.length, j = h.length;
        while (i > 0 || j > 0) {
            if (i > 0 && j > 0 && d[i][j] == d[i - 1][j - 1] + (r[i - 1].equals(h[j - 1]) ? 0 : 1)) {
                boolean same = r[i - 1].equals(h[j - 1]);
                out.add(new AlignedWord(same ? AlignedWord.Kind.MATCH : AlignedWord.Kind.SUBSTITUTION, r[i - 1], h[j - 1]));
                i--;
                j--;
            } else if (j > 0 && d[i][j] == d[i][j - 1] + 1) {
                out.add(new AlignedWord(AlignedWord.Kind.INSERTION, "", h[j - 1]));
                j--;
            } else {
                out.add(new AlignedWord(AlignedWord.Kind.DELETION, r[i - 1], ""));
                i--;
            }
        }
        java.util.Collections.reverse(out);
        return out;
    }

    private static int distance(int[] a, int[] b) {
        int[] prev = new int[b.length + 1], cur = new int[b.length + 1];
        for (int j = 0; j <= b.length; j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length; i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length; j++) {
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length];
    }
}
