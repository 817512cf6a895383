package dev.hark.core.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class EvaluationTest {

    @Test
    void scoresAfterNormalisingCaseAndPunctuation() {
        UtteranceScore s = UtteranceScore.of("a", "Turn on the kitchen lights.", "turn on the chicken lights", 300, 120, 2.0);
        assertEquals("turn on the kitchen lights", s.reference());
        assertEquals(1, s.wordEdits());
        assertEquals(5, s.referenceWords());
        assertEquals(0.2, s.wer(), 1e-9);
        assertEquals(4, s.charEdits(), "kitchen -> chicken");
        assertEquals(4.0 / 26, s.cer(), 1e-9);
    }

    @Test
    void apostrophesAndNonLatinLettersAreKept() {
        assertEquals("don't stop", ErrorRate.normalize("  Don't -- STOP!! "));
        assertEquals("こんにちは 世界", ErrorRate.normalize("こんにちは、世界。"));
    }

    @Test
    void corpusRatesWeighUtterancesByLengthAndFailuresCountEveryWord() {
        List<UtteranceScore> scores = List.of(
                UtteranceScore.of("1", "one two three four", "one two three four", 200, 100, 1),
                UtteranceScore.of("2", "five six", "five", 400, 300, 1),
                UtteranceScore.failed("3", "seven eight", 1, "the server refused the model"));
        EvaluationSummary s = EvaluationSummary.of(scores);
        assertEquals(3, s.utterances());
        assertEquals(1, s.failed());
        assertEquals(3.0 / 8, s.wer(), 1e-9, "1 deletion + 2 for the failed one, over 8 reference words");
        assertEquals(200, s.firstPartialP50(), "the failed one has no latency: p50 of 200 and 400");
        assertEquals(400, s.firstPartialP95());
        assertEquals(3.0, s.audioSeconds());
    }

    @Test
    void noLatenciesAreNaNAndAnEmptyReferenceHeardEmptyIsPerfect() {
        EvaluationSummary s = EvaluationSummary.of(List.of(UtteranceScore.of("1", "", "", -1, -1, 0.5)));
        assertTrue(Double.isNaN(s.finalP50()));
        assertEquals(0, s.wer());
        assertEquals(1, UtteranceScore.of("2", "", "noise", -1, -1, 0.5).wer());
    }
}
