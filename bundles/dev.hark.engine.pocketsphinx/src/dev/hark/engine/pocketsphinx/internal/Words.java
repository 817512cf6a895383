package dev.hark.engine.pocketsphinx.internal;

import java.util.regex.Pattern;

/** How pocketsphinx's dictionary spellings map to the words people read. */
final class Words {

    /** Alternative pronunciations are separate dictionary entries: {@code one(2)}, {@code read(3)}. */
    private static final Pattern VARIANT = Pattern.compile("\\(\\d+\\)$");

    private Words() {
    }

    /**
     * True for what is not a spoken word: sentence marks and silence ({@code <s>}, {@code </s>},
     * {@code <sil>}), noises ({@code [NOISE]}, {@code ++BREATH++} in older models), and the {@code (NULL)}
     * transitions that grammar searches put between words.
     */
    static boolean isFiller(String word) {
        return word.isEmpty() || word.startsWith("<") || word.startsWith("[") || word.startsWith("++")
                || word.equals("(NULL)");
    }

    /** The word without its pronunciation-variant suffix. */
    static String spelling(String word) {
        return VARIANT.matcher(word).replaceFirst("");
    }
}
