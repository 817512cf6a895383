package dev.hark.services.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.hark.core.HarkEvents;
import dev.hark.core.HarkTopics;
import dev.hark.core.services.TrainingHistory;
import dev.hark.protocol.training.DatasetProgress;
import dev.hark.protocol.training.TrainingError;
import dev.hark.protocol.training.TrainingLog;
import dev.hark.protocol.training.TrainingMessage;
import dev.hark.protocol.training.TrainingProgress;
import dev.hark.protocol.training.TrainingStatus;
import dev.hark.protocol.training.ValidationResult;

class TrainingRecorderTest {

    private final TrainingRecorder recorder = new TrainingRecorder();

    static TrainingProgress progress(long step, Double loss) {
        return new TrainingProgress(1, 10, step, 400, loss, 1e-3, 700.0, null, null, null, 30.0, null);
    }

    private void post(TrainingMessage m) {
        recorder.handleEvent(HarkEvents.create(HarkTopics.topicOf(m), m));
    }

    @Test
    void progressBuildsTheLossAndLearningRateSeriesByStep() {
        post(progress(1, null)); // the first message of a run has no loss yet
        post(progress(2, 3.0));
        post(progress(3, 2.5));
        post(progress(3, 2.4)); // the same step again replaces its point
        List<double[]> loss = recorder.series(TrainingHistory.LOSS);
        assertEquals(2, loss.size());
        assertArrayEquals(new double[] { 2, 3.0 }, loss.get(0));
        assertArrayEquals(new double[] { 3, 2.4 }, loss.get(1));
        assertEquals(3, recorder.series(TrainingHistory.LEARNING_RATE).size());
        assertEquals(3, recorder.lastProgress().step());
    }

    @Test
    void anInfiniteLossIsNotAPointOfTheChart() {
        // asr-test's backend sends json.dumps(float("inf")) as Infinity when a CTC alignment is impossible; SWTChart's
        // range computation threw on the UI thread with it
        post(progress(1, 3.0));
        post(progress(2, Double.POSITIVE_INFINITY));
        post(progress(3, Double.NEGATIVE_INFINITY));
        post(progress(4, 2.0));
        List<double[]> loss = recorder.series(TrainingHistory.LOSS);
        assertEquals(2, loss.size(), "the finite points only");
        assertTrue(loss.stream().allMatch(p -> Double.isFinite(p[1])));
        assertEquals(4, recorder.lastProgress().step(), "the progress itself is kept");
    }

    @Test
    void aRunNumberingFromTheStartAgainClearsTheHistory() {
        post(progress(50, 2.0));
        post(progress(51, 1.9));
        post(new TrainingLog("INFO", "old run"));
        post(progress(1, 3.0));
        assertEquals(1, recorder.series(TrainingHistory.LOSS).size());
        assertTrue(recorder.log().isEmpty(), "log of the old run: " + recorder.log());
    }

    @Test
    void validationLogStatusAndErrorAreKept() {
        post(new ValidationResult(2, 1.5, 0.25, 0.5, 10, List.of()));
        post(new TrainingLog("WARNING", "slow disk"));
        post(new TrainingStatus(TrainingStatus.FAILED, "worker died", "run-1", 137));
        post(new TrainingError("out of memory", "java.lang.OutOfMemoryError\n\tat x"));
        assertArrayEquals(new double[] { 2, 1.5 }, recorder.series(TrainingHistory.VAL_LOSS).get(0));
        assertArrayEquals(new double[] { 2, 0.25 }, recorder.series(TrainingHistory.CER).get(0));
        assertEquals(List.of("WARNING slow disk", "status: failed - worker died"), recorder.log());
        assertEquals("out of memory\njava.lang.OutOfMemoryError\n\tat x", recorder.lastError());
    }

    @Test
    void datasetJobsStayOutOfTheRunsHistory() {
        post(DatasetProgress.of("digits", "generate", 5, 10));
        assertTrue(recorder.log().isEmpty());
        assertNull(recorder.lastProgress());
    }

    @Test
    void theLogIsBoundedAndSeriesAreThinned() {
        for (int i = 0; i < TrainingRecorder.LOG_LINES + 50; i++) {
            post(new TrainingLog("INFO", "line " + i));
        }
        assertEquals(TrainingRecorder.LOG_LINES, recorder.log().size());
        assertEquals("INFO line " + (TrainingRecorder.LOG_LINES + 49), recorder.log().getLast());
        for (int i = 1; i <= TrainingRecorder.MAX_POINTS + 10; i++) {
            post(progress(i, 1.0 / i));
        }
        int points = recorder.series(TrainingHistory.LOSS).size();
        assertTrue(points <= TrainingRecorder.MAX_POINTS && points > TrainingRecorder.MAX_POINTS / 2, "points: " + points);
        assertEquals(TrainingRecorder.MAX_POINTS + 10, recorder.series(TrainingHistory.LOSS).getLast()[0]);
    }

    @Test
    void otherPayloadsAreIgnored() {
        recorder.handleEvent(HarkEvents.create(HarkTopics.TRAINING_PROGRESS, "not a record"));
        assertNull(recorder.lastProgress());
        TrainingProgress p = progress(7, 1.0);
        post(p);
        assertSame(p, recorder.lastProgress());
    }
}
