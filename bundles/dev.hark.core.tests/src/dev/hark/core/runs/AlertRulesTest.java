package dev.hark.core.runs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.hark.protocol.runs.RunInfo;
import dev.hark.protocol.runs.RunState;
import dev.hark.protocol.runs.ScalarPoint;
import dev.hark.protocol.runs.ScalarSeries;

class AlertRulesTest {

    private static final RunKey RUN = new RunKey("TensorBoard: /logs", "exp1");

    private static ScalarSeries series(String tag, double... values) {
        List<ScalarPoint> points = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            points.add(new ScalarPoint(i * 10L, 1_700_000_000 + i, values[i]));
        }
        return new ScalarSeries(RUN.runId(), tag, points, points.size());
    }

    private static RunsSnapshot snapshot(RunState state, String detail) {
        RunInfo run = new RunInfo("exp1", "exp1", state, detail, List.of("loss"), 3, 20, 1.7e9, Map.of());
        return new RunsSnapshot(List.of(new SourceRuns(RUN.source(), List.of(run), "")));
    }

    @Test
    void aNonFiniteLossIsRaisedOnceAtItsFirstStep() {
        AlertRules rules = new AlertRules(5);
        List<RunAlert> first = rules.series(RUN, "exp1", series("train/loss", 2.0, 1.5, Double.NaN, Double.POSITIVE_INFINITY));
        assertEquals(1, first.size(), first.toString());
        assertEquals(RunAlert.Kind.NON_FINITE, first.get(0).kind());
        assertEquals(20, first.get(0).step());
        assertTrue(Double.isNaN(first.get(0).value()));
        assertTrue(rules.series(RUN, "exp1", series("train/loss", 2.0, 1.5, Double.NaN, 1.0, Double.NaN)).isEmpty(), "raised once");
        // another loss tag of the same run is news of its own
        assertEquals(1, rules.series(RUN, "exp1", series("val_loss", 2.0, Double.NEGATIVE_INFINITY)).size());
    }

    @Test
    void nonFiniteValuesOfOtherMetricsAreNotAlerts() {
        assertTrue(new AlertRules(5).series(RUN, "exp1", series("lr", 0.1, Double.NaN)).isEmpty());
    }

    @Test
    void aValidationMetricThatStopsImprovingIsRaisedAfterPatienceAndAgainOnlyAfterAnImprovement() {
        AlertRules rules = new AlertRules(3);
        assertTrue(rules.series(RUN, "exp1", series("val/loss", 3, 2, 1.0, 1.1, 1.2)).isEmpty(), "two without a new best: not yet");
        List<RunAlert> stale = rules.series(RUN, "exp1", series("val/loss", 3, 2, 1.0, 1.1, 1.2, 1.0));
        assertEquals(1, stale.size(), "three validations without beating 1.0 (equal is not better)");
        assertEquals(RunAlert.Kind.NOT_IMPROVING, stale.get(0).kind());
        assertEquals(1.0, stale.get(0).value(), "the best so far");
        assertEquals(50, stale.get(0).step(), "at the last validation");
        assertTrue(rules.series(RUN, "exp1", series("val/loss", 3, 2, 1.0, 1.1, 1.2, 1.0, 1.3)).isEmpty(), "still stalled: said already");
        assertTrue(rules.series(RUN, "exp1", series("val/loss", 3, 2, 1.0, 1.1, 1.2, 1.0, 1.3, 0.5)).isEmpty(), "improved");
        assertEquals(1, rules.series(RUN, "exp1", series("val/loss", 3, 2, 1.0, 1.1, 1.2, 1.0, 1.3, 0.5, 0.6, 0.7, 0.8)).size(),
                "a second stall after the improvement is news again");
    }

    @Test
    void trainingLossesAndHigherIsBetterMetricsAreNotCheckedForStalls() {
        AlertRules rules = new AlertRules(1);
        assertTrue(rules.series(RUN, "exp1", series("train/loss", 1, 2, 3, 4)).isEmpty());
        assertTrue(rules.series(RUN, "exp1", series("val/accuracy", 1, 0.5, 0.4)).isEmpty());
        assertTrue(AlertRules.isValidationMetric("eval/wer"));
        assertTrue(AlertRules.isValidationMetric("validation_cer"));
        assertTrue(AlertRules.isValidationMetric("loss/dev"));
        assertFalse(AlertRules.isValidationMetric("train_loss"));
        assertFalse(AlertRules.isValidationMetric("latest_loss"), "words, not substrings");
        assertTrue(AlertRules.isValidationMetric("/val/loss/val"), "repeated words");
        assertTrue(AlertRules.isLoss("Loss/train"));
    }

    @Test
    void aRunThatWasActiveAndEndedIsRaisedWithItsReason() {
        AlertRules rules = new AlertRules(5);
        List<RunAlert> failed = rules.ended(snapshot(RunState.ACTIVE, ""), snapshot(RunState.FAILED, "CUDA out of memory"));
        assertEquals(1, failed.size());
        assertEquals(RunAlert.Kind.FAILED, failed.get(0).kind());
        assertEquals("CUDA out of memory", failed.get(0).detail());
        assertTrue(failed.get(0).isProblem());
        assertEquals(RunAlert.Kind.FINISHED, rules.ended(snapshot(RunState.ACTIVE, ""), snapshot(RunState.FINISHED, "")).get(0).kind());
        assertFalse(rules.ended(snapshot(RunState.ACTIVE, ""), snapshot(RunState.STOPPED, "")).get(0).isProblem());
        assertTrue(rules.ended(snapshot(RunState.FINISHED, ""), snapshot(RunState.FINISHED, "")).isEmpty(), "ended before: not news");
        assertTrue(rules.ended(snapshot(RunState.ACTIVE, ""), snapshot(RunState.IDLE, "")).isEmpty(),
                "a TensorBoard run gone quiet may still be training");
        assertTrue(rules.ended(RunsSnapshot.EMPTY, snapshot(RunState.FAILED, "x")).isEmpty(), "first seen ended: not news");
    }

    @Test
    void forgottenRunsAreNewsAgainWhenTheyReturn() {
        AlertRules rules = new AlertRules(5);
        assertEquals(1, rules.series(RUN, "exp1", series("loss", Double.NaN)).size());
        rules.retain(Set.of());
        assertEquals(1, rules.series(RUN, "exp1", series("loss", Double.NaN)).size());
        rules.retain(Set.of(RUN));
        assertTrue(rules.series(RUN, "exp1", series("loss", Double.NaN)).isEmpty());
    }
}
