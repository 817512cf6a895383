package dev.hark.engine.ctc.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Decoding into a closed vocabulary's words: the word the frames fit best, never a misspelling of it. */
class LexiconTest {

    static final Vocabulary VOCABULARY = Vocabulary.of(List.of("one two four nine tiur"));

    /** A frame whose best class is {@code first} and second best {@code second} (log-probability-like scores). */
    static float[] frame(String first, String second) {
        float[] s = new float[VOCABULARY.classes()];
        java.util.Arrays.fill(s, -9f);
        s[id(second)] = -1.6f;
        s[id(first)] = -0.3f;
        return s;
    }

    static int id(String symbol) {
        return symbol.equals("_") ? 0 : VOCABULARY.encode(symbol)[0];
    }

    /** Frames given as "best/second" pairs, "_" the blank. */
    static float[][] frames(String... pairs) {
        float[][] f = new float[pairs.length][];
        for (int i = 0; i < pairs.length; i++) {
            String[] p = pairs[i].split("/");
            f[i] = frame(p[0], p.length > 1 ? p[1] : "_");
        }
        return f;
    }

    @Test
    void aMisspeltWordBecomesTheWordItsFramesFitBest() {
        // greedy reads "tiur"; every frame's second choice spells "four"
        float[][] f = frames("t/f", "_", "i/o", "_", "u", "_", "r", "_");
        assertEquals("tiur", GreedyDecoder.decode(VOCABULARY, f, f.length));
        Lexicon digits = Lexicon.of(List.of("one", "two", "four", "nine"));
        assertEquals("four", digits.decode(VOCABULARY, f, f.length));
    }

    @Test
    void wordsAreSeparatedBySpacesAndRepeatsNeedABlank() {
        Lexicon digits = Lexicon.of(List.of("one two", "four nine"));
        float[][] f = frames("o", "n", "e", "_", " ", "t", "w", "o", "o", "_");
        assertEquals("one two", digits.decode(VOCABULARY, f, f.length));
        // "nine" has two n's: without a blank between them the frames say "nie", which is no word: "nine" wins
        float[][] g = frames("n", "_", "i", "n", "_", "n/e", "e", "_");
        assertEquals("nine", digits.decode(VOCABULARY, g, g.length));
    }

    @Test
    void aLexiconWiderThanTheBeamKeepsTheBestPath() {
        // every three-letter word over the vocabulary's letters: hundreds of prefixes per frame, many with equal
        // scores, so each frame's beam is cut to its best 16 (ties kept in order)
        String letters = "onetwfuri";
        List<String> words = new java.util.ArrayList<>(List.of("two", "four"));
        for (char a : letters.toCharArray()) {
            for (char b : letters.toCharArray()) {
                for (char c : letters.toCharArray()) {
                    words.add("" + a + b + c);
                }
            }
        }
        Lexicon wide = Lexicon.of(words);
        float[][] f = frames("t/w", "_", "w/o", "o/u", "_", " ", "f/u", "o/f", "_", "u/r", "r", "_");
        assertEquals("two four", wide.decode(VOCABULARY, f, f.length));
        float[][] g = frames("o/n", "n/e", "_", "e/n");
        assertEquals("one", wide.decode(VOCABULARY, g, g.length));
    }

    @Test
    void silenceDecodesToNothingAndNoLexiconIsGreedy() {
        Lexicon digits = Lexicon.of(List.of("one"));
        float[][] blank = frames("_", "_", "_");
        assertEquals("", digits.decode(VOCABULARY, blank, blank.length));
        float[][] f = frames("t/f", "i/o", "u", "r");
        assertEquals(GreedyDecoder.decode(VOCABULARY, f, f.length), Lexicon.EMPTY.decode(VOCABULARY, f, f.length));
        // a lexicon none of whose words the vocabulary can write: greedy too
        assertEquals("tiur", Lexicon.of(List.of("xyz")).decode(VOCABULARY, f, f.length));
    }

    @Test
    void anOpenVocabularyHasNoLexicon() {
        assertTrue(Lexicon.of(java.util.stream.IntStream.rangeClosed(0, Lexicon.MAX_WORDS).mapToObj(i -> "w" + i).toList()).isEmpty(),
                "more than " + Lexicon.MAX_WORDS + " distinct words");
        assertEquals(List.of("four", "one", "two"), Lexicon.of(List.of("two one", " four  two ")).words(), "distinct, sorted");
    }

    @Test
    void storedWithTheCheckpointAndReadBackSafely(@TempDir Path dir) throws Exception {
        Lexicon digits = Lexicon.of(List.of("one two four"));
        digits.write(dir);
        assertEquals(digits.words(), Lexicon.read(dir).words());
        assertSame(Lexicon.EMPTY, Lexicon.read(dir.resolve("absent")));
        Lexicon.EMPTY.write(dir.resolve("x")); // nothing written, no folder needed
        // hostile content: normalized, phrases and blanks dropped; an oversized file is ignored
        Files.writeString(dir.resolve(Lexicon.FILE), "One\n\n  two words\nFOUR!\n\u0000\n", StandardCharsets.UTF_8);
        assertEquals(List.of("one", "four"), Lexicon.read(dir).words());
        Files.write(dir.resolve(Lexicon.FILE), new byte[64 * Lexicon.MAX_WORDS + 1]);
        assertSame(Lexicon.EMPTY, Lexicon.read(dir));
    }
}
