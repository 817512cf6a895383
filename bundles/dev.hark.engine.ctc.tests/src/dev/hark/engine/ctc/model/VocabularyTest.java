package dev.hark.engine.ctc.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

class VocabularyTest {

    static String decode(Vocabulary v, int[] ids) {
        StringBuilder s = new StringBuilder();
        for (int id : ids) {
            s.append(v.symbol(id));
        }
        return s.toString();
    }

    @Test
    void normalizes() {
        assertEquals("hello world wide", Vocabulary.normalize("  Hello,  World-wide!  "));
        assertEquals("don't stop", Vocabulary.normalize("Don't\tSTOP."));
        assertEquals("abc 12", Vocabulary.normalize("ＡＢＣ　１２"), "NFKC folds full-width forms");
        assertEquals("snake case", Vocabulary.normalize("snake_case"));
        assertEquals("", Vocabulary.normalize("?!. -"));
        assertEquals("日本語 です", Vocabulary.normalize("日本語、 です。"));
    }

    @Test
    void ofSortsTheDistinctCharacters() {
        Vocabulary v = Vocabulary.of(List.of("ba c", "cab"));
        assertEquals(List.of(" ", "a", "b", "c"), v.symbols());
        assertEquals(5, v.classes(), "the blank and four characters");
    }

    @Test
    void roundTrip() {
        List<String> texts = List.of("one two three", "four five", "zero");
        Vocabulary v = Vocabulary.of(texts);
        for (String t : texts) {
            int[] ids = v.encode(t);
            assertEquals(t.length(), ids.length);
            for (int id : ids) {
                assertEquals(true, id >= 1 && id < v.classes(), "id " + id + " is neither the blank nor out of range");
            }
            assertEquals(t, decode(v, ids));
        }
        Vocabulary copy = new Vocabulary(v.symbols());
        assertArrayEquals(v.encode("one four"), copy.encode("one four"), "ids depend only on the symbol list");
    }

    @Test
    void charactersOutsideTheBmpAreOneSymbol() {
        Vocabulary v = Vocabulary.of(List.of("𠮷野家"));
        assertEquals(3, v.symbols().size());
        assertEquals(3, v.encode("𠮷野家").length);
        assertEquals("家𠮷", decode(v, v.encode("家𠮷")));
    }

    @Test
    void unknownCharactersAreDropped() {
        Vocabulary v = Vocabulary.of(List.of("ab"));
        assertArrayEquals(new int[] { 1, 2, 1 }, v.encode("axbya\u00e1"), "á is not a");
        assertArrayEquals(new int[0], v.encode("xyz"));
        assertArrayEquals(new int[0], v.encode(""));
    }

    @Test
    void blankAndOutOfRangeIdsDecodeToNothing() {
        Vocabulary v = Vocabulary.of(List.of("ab"));
        assertEquals("", v.symbol(0));
        assertEquals("", v.symbol(-1));
        assertEquals("", v.symbol(3));
        assertEquals("b", v.symbol(2));
    }
}
