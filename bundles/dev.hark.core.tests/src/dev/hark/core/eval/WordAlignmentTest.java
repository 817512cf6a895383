package dev.hark.core.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import dev.hark.core.eval.AlignedWord.Kind;

/** {@link ErrorRate#alignWords}: the word-level diff the evaluation view draws. */
class WordAlignmentTest {

    private static String show(List<AlignedWord> steps) {
        StringBuilder b = new StringBuilder();
        for (AlignedWord w : steps) {
            b.append(switch (w.kind()) {
                case MATCH -> w.reference();
                case SUBSTITUTION -> w.reference() + ">" + w.hypothesis();
                case INSERTION -> "+" + w.hypothesis();
                case DELETION -> "-" + w.reference();
            }).append(' ');
        }
        return b.toString().strip();
    }

    @Test
    void substitutionsInsertionsAndDeletionsInReadingOrder() {
        assertEquals("one two>too three", show(ErrorRate.alignWords("one two three", "one too three")));
        assertEquals("one +uh two three", show(ErrorRate.alignWords("one two three", "one uh two three")));
        assertEquals("one -two three", show(ErrorRate.alignWords("one two three", "one three")));
        assertEquals("-one -two", show(ErrorRate.alignWords("one two", "")));
        assertEquals("+one", show(ErrorRate.alignWords("", "one")));
        assertEquals("", show(ErrorRate.alignWords("  ", "")));
        assertEquals("one -two three four +five", show(ErrorRate.alignWords("one two three four", "one three four five")));
        assertEquals("seven eight>nine five>nine zero>five", show(ErrorRate.alignWords("seven eight five zero", "seven nine nine five")),
                "equally short: substitutions rather than an insertion and a deletion");
    }

    @Test
    void theEditsAreTheWordErrorCountAndBothSidesAreKept() {
        Random random = new Random(5);
        String[] vocabulary = { "zero", "one", "two", "three", "four" };
        for (int n = 0; n < 500; n++) {
            String ref = words(random, vocabulary), hyp = words(random, vocabulary);
            List<AlignedWord> steps = ErrorRate.alignWords(ref, hyp);
            assertEquals(ErrorRate.wordEdits(ref, hyp), steps.stream().filter(AlignedWord::isEdit).count(), ref + " | " + hyp);
            assertEquals(ref, String.join(" ", steps.stream().filter(s -> s.kind() != Kind.INSERTION).map(AlignedWord::reference).toList()));
            assertEquals(hyp, String.join(" ", steps.stream().filter(s -> s.kind() != Kind.DELETION).map(AlignedWord::hypothesis).toList()));
        }
    }

    private static String words(Random random, String[] vocabulary) {
        int n = random.nextInt(7);
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < n; i++) {
            b.append(i == 0 ? "" : " ").append(vocabulary[random.nextInt(vocabulary.length)]);
        }
        return b.toString();
    }
}
