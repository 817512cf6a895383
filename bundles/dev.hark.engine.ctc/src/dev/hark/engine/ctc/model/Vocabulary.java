package dev.hark.engine.ctc.model;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/** Characters of transcripts: normalization, encoding to class ids (blank = 0) and decoding. */
public final class Vocabulary {

    private final List<String> symbols;
    private final Map<String, Integer> ids = new HashMap<>();

    public Vocabulary(List<String> symbols) {
        this.symbols = List.copyOf(symbols);
        for (int i = 0; i < symbols.size(); i++) {
            ids.put(symbols.get(i), i + 1);
        }
    }

    /** Lower case, NFKC, punctuation other than apostrophes dropped, whitespace collapsed to single spaces. */
    public static String normalize(String text) {
        String s = Normalizer.normalize(text, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
        StringBuilder out = new StringBuilder();
        boolean space = false;
        for (int i = 0; i < s.length();) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            if (Character.isWhitespace(cp) || cp == '-' || cp == '_') {
                space = out.length() > 0;
                continue;
            }
            if (Character.isLetterOrDigit(cp) || cp == '\'') {
                if (space) {
                    out.append(' ');
                    space = false;
                }
                out.appendCodePoint(cp);
            }
        }
        return out.toString();
    }

    /** The characters of the normalized texts, sorted. */
    public static Vocabulary of(Collection<String> normalizedTexts) {
        TreeSet<String> chars = new TreeSet<>();
        for (String t : normalizedTexts) {
            t.codePoints().forEach(cp -> chars.add(new String(Character.toChars(cp))));
        }
        return new Vocabulary(new ArrayList<>(chars));
    }

    public List<String> symbols() {
        return symbols;
    }

    /** Class ids of a normalized text; characters not in the vocabulary are dropped. */
    public int[] encode(String normalized) {
        return normalized.codePoints().mapToObj(cp -> ids.get(new String(Character.toChars(cp))))
                .filter(java.util.Objects::nonNull).mapToInt(Integer::intValue).toArray();
    }

    public String symbol(int classId) {
        return classId <= 0 || classId > symbols.size() ? "" : symbols.get(classId - 1);
    }

    public int classes() {
        return symbols.size() + 1;
    }
}
