package dev.hark.engine.ctc.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class GreedyDecoderTest {

    static final int BLANK = 0, A = 1, B = 2, SPACE = 3;
    static final Vocabulary VOCABULARY = new Vocabulary(List.of("a", "b", " "));

    /** Log-probability-like scores whose best class is {@code best}. */
    static float[] frame(int best) {
        float[] s = { -3f, -3f, -3f, -3f };
        s[best] = -0.1f;
        return s;
    }

    static float[][] frames(int... best) {
        float[][] f = new float[best.length][];
        for (int i = 0; i < best.length; i++) {
            f[i] = frame(best[i]);
        }
        return f;
    }

    static String decode(int... best) {
        return GreedyDecoder.decode(VOCABULARY, frames(best), best.length);
    }

    @Test
    void collapsesRepeatsAndDropsBlanks() {
        assertEquals("ab", decode(A, A, A, B, B));
        assertEquals("aab", decode(A, A, BLANK, A, B, B));
        assertEquals("ab", decode(BLANK, A, BLANK, BLANK, B, BLANK));
        assertEquals("", decode(BLANK, BLANK, BLANK));
        assertEquals("", decode());
    }

    @Test
    void spacesNeitherLeadNorTrailNorDouble() {
        assertEquals("a b", decode(SPACE, A, SPACE, B, SPACE));
        assertEquals("a b", decode(A, SPACE, BLANK, SPACE, B));
        assertEquals("a b", decode(SPACE, SPACE, BLANK, SPACE, A, BLANK, SPACE, SPACE, BLANK, SPACE, B));
    }

    @Test
    void decodesOnlyTheValidFrames() {
        assertEquals("a", GreedyDecoder.decode(VOCABULARY, frames(A, BLANK, B, B), 2));
    }

    @Test
    void worksOnLogitsToo() {
        float[][] logits = { { 0.5f, 4f, 1f, 0f }, { 9f, 2f, 1f, 0f }, { 0f, 1f, 7f, 2f } };
        assertEquals("ab", GreedyDecoder.decode(VOCABULARY, logits, 3));
    }

    @Test
    void incrementalStateAndReset() {
        GreedyDecoder d = new GreedyDecoder(VOCABULARY);
        assertEquals(-1, d.firstFrame());
        assertFalse(d.accept(frame(BLANK)));
        assertTrue(d.accept(frame(A)), "a new character changes the text");
        assertFalse(d.accept(frame(A)), "a repeat does not");
        assertFalse(d.accept(frame(BLANK)));
        assertTrue(d.accept(frame(A)), "after a blank the same character counts again");
        assertFalse(d.accept(frame(BLANK)));
        assertFalse(d.accept(frame(BLANK)));
        assertEquals("aa", d.text());
        assertEquals(7, d.frames());
        assertEquals(1, d.firstFrame());
        assertEquals(4, d.lastFrame());
        assertEquals(2, d.trailingBlanks());
        d.reset();
        assertEquals("", d.text());
        assertEquals(0, d.frames());
        assertEquals(-1, d.firstFrame());
        assertEquals(-1, d.lastFrame());
        assertEquals(0, d.trailingBlanks());
        assertTrue(d.accept(frame(A)), "the previous class is forgotten too");
        assertEquals(0, d.firstFrame());
    }
}
