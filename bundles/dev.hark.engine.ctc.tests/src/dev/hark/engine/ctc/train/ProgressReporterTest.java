package dev.hark.engine.ctc.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import com.google.gson.JsonObject;

import dev.hark.training.run.WorkerProtocol;

class ProgressReporterTest {

    static final long MS = 1_000_000L;

    final Lines lines = new Lines();
    final AtomicLong clock = new AtomicLong(1_000 * MS);

    ProgressReporter reporter(long totalSteps, long firstStep) {
        return new ProgressReporter(lines.protocol, 3, totalSteps, firstStep, clock::get);
    }

    JsonObject last() {
        List<JsonObject> p = lines.payloads(WorkerProtocol.PROGRESS);
        return p.get(p.size() - 1);
    }

    @Test
    void initialMessageHasNoLossRateOrTimings() {
        reporter(30, 0).send(1, 0, 2.5, 1e-3, true);
        JsonObject p = last();
        assertEquals(1, p.get("epoch").getAsInt());
        assertEquals(3, p.get("total_epochs").getAsInt());
        assertEquals(0, p.get("step").getAsLong());
        assertEquals(30, p.get("total_steps").getAsLong());
        for (String absent : new String[] { "loss", "learning_rate", "audio_seconds_per_second", "step_time_ms", "step_time_p50_ms",
                "step_time_p99_ms", "eta_seconds" }) {
            assertTrue(p.get(absent).isJsonNull(), absent + " should be null: " + p);
        }
        assertEquals(0, p.get("steps_this_run").getAsLong());
    }

    @Test
    void throughputStepTimeAndEtaFromTheStepsOfThisRun() {
        ProgressReporter r = reporter(10, 0);
        for (int i = 0; i < 4; i++) {
            r.step(100 * MS, 2.0);
        }
        r.send(2, 4, 1.234567, 5e-4, false);
        JsonObject p = last();
        assertEquals(1.23457, p.get("loss").getAsDouble(), 1e-12);
        assertEquals(5e-4, p.get("learning_rate").getAsDouble(), 1e-15);
        assertEquals(20.0, p.get("audio_seconds_per_second").getAsDouble(), 1e-9, "8 s of audio in 0.4 s");
        assertEquals(100.0, p.get("step_time_ms").getAsDouble(), 1e-9);
        assertEquals(100.0, p.get("step_time_p50_ms").getAsDouble(), 1e-9);
        assertEquals(100.0, p.get("step_time_p99_ms").getAsDouble(), 1e-9);
        assertEquals(0.6, p.get("eta_seconds").getAsDouble(), 1e-9, "6 steps of 0.1 s left");
        assertEquals(4, p.get("steps_this_run").getAsLong());
    }

    @Test
    void resumedRunCountsOnlyItsOwnSteps() {
        ProgressReporter r = reporter(100, 60);
        r.send(3, 60, Double.NaN, Double.NaN, true);
        assertEquals(0, last().get("steps_this_run").getAsLong());
        r.step(200 * MS, 1);
        r.step(200 * MS, 1);
        r.send(3, 62, 0.5, 1e-4, false);
        assertEquals(2, last().get("steps_this_run").getAsLong());
        assertEquals(7.6, last().get("eta_seconds").getAsDouble(), 1e-9, "38 steps of 0.2 s");
        assertEquals(7.6, r.eta(62), 1e-9);
    }

    @Test
    void percentilesOfRecentStepTimes() {
        ProgressReporter r = reporter(1000, 0);
        for (int ms = 1; ms <= 100; ms++) {
            r.step(ms * MS, 0.1);
        }
        r.send(1, 100, 1, 1, false);
        assertEquals(51.0, last().get("step_time_p50_ms").getAsDouble(), 1e-9);
        assertEquals(100.0, last().get("step_time_p99_ms").getAsDouble(), 1e-9);
        assertEquals(50.5, last().get("step_time_ms").getAsDouble(), 1e-9);
    }

    @Test
    void percentilesForgetStepsBeyondTheRing() {
        ProgressReporter r = reporter(10_000, 0);
        for (int i = 0; i < ProgressReporter.RECENT; i++) {
            r.step(1_000 * MS, 0.1); // slow start, pushed out of the ring
        }
        for (int i = 0; i < ProgressReporter.RECENT; i++) {
            r.step(10 * MS, 0.1);
        }
        r.send(1, 2 * ProgressReporter.RECENT, 1, 1, false);
        assertEquals(10.0, last().get("step_time_p99_ms").getAsDouble(), 1e-9);
        assertEquals(505.0, last().get("step_time_ms").getAsDouble(), 1e-9, "the mean covers the whole run");
    }

    @Test
    void sendsAtMostTwiceASecondWhileTraining() {
        ProgressReporter r = reporter(100, 0);
        r.step(MS, 1);
        r.maybeSend(1, 1, 1, 1);
        assertEquals(0, lines.payloads(WorkerProtocol.PROGRESS).size(), "right after the start");
        clock.addAndGet(499 * MS);
        r.maybeSend(1, 1, 1, 1);
        assertEquals(0, lines.payloads(WorkerProtocol.PROGRESS).size());
        clock.addAndGet(MS);
        r.maybeSend(1, 1, 1, 1);
        assertEquals(1, lines.payloads(WorkerProtocol.PROGRESS).size());
        clock.addAndGet(100 * MS);
        r.maybeSend(1, 2, 1, 1);
        assertEquals(1, lines.payloads(WorkerProtocol.PROGRESS).size(), "100 ms after the last message");
        r.send(1, 2, 1, 1, false);
        clock.addAndGet(400 * MS);
        r.maybeSend(1, 2, 1, 1);
        assertEquals(2, lines.payloads(WorkerProtocol.PROGRESS).size(), "an explicit send restarts the interval");
    }

    @Test
    void epochIsCappedAndNonFiniteValuesAreNull() {
        ProgressReporter r = reporter(10, 0);
        r.step(MS, 1);
        r.send(4, 10, Double.NaN, Double.POSITIVE_INFINITY, false);
        assertEquals(3, last().get("epoch").getAsInt());
        assertTrue(last().get("loss").isJsonNull());
        assertTrue(last().get("learning_rate").isJsonNull());
        assertEquals(0.0, last().get("eta_seconds").getAsDouble(), 1e-12);
    }

    /** The summary's steady-state percentiles leave out the first epoch's warm-up steps. */
    @Test
    void summaryGivesPercentilesAfterTheFirstEpochToo() {
        ProgressReporter r = reporter(300, 0);
        r.step(500 * MS, 1.0); // the first step: the engine builds its kernels
        for (int i = 1; i < 100; i++) {
            r.step((i % 10 == 0 ? 40 : 10) * MS, 1.0); // the first epoch: a slow step in ten
        }
        r.firstEpochDone();
        for (int i = 0; i < 200; i++) {
            r.step((10 + i % 3) * MS, 1.0);
        }
        r.firstEpochDone(); // later epochs do not move the mark
        r.cpu(4_000 * MS, 3_000 * MS, 250 * MS);
        String summary = r.summary();
        assertTrue(summary.startsWith("training steps: 300 steps, 300.0 s of audio, 4.00 CPU s, "), summary);
        assertTrue(summary.contains("; step p50 10.00 ms, p99 40.00 ms"), summary);
        assertTrue(summary.contains("; after the first epoch p50 11.00 ms, p99 12.00 ms"), summary);
        assertTrue(summary.endsWith("; CPU s by thread: training 3.00, batches 0.25, others 0.75"), summary);
        assertTrue(!reporter(3, 0).summary().contains("after the first epoch"), "none before an epoch ends");
    }

    /**
     * The local spread leaves the machine's drift out: steps that slow down from 10 to 20 ms over the run (p99 / p50
     * 1.3 with no step out of line) give about 1, and one step in fifty at three times its neighbours gives 3.
     */
    @Test
    void localSpreadLeavesDriftOutButNotSpikes() {
        ProgressReporter drift = reporter(1_000, 0);
        for (int i = 0; i < 1_000; i++) {
            drift.step(MS * (10_000 + 10 * i) / 1_000, 1.0);
        }
        assertEquals(1.0, drift.localSpread(0), 0.05);
        ProgressReporter spikes = reporter(1_000, 0);
        for (int i = 0; i < 1_000; i++) {
            if (i == 100) {
                spikes.firstEpochDone();
            }
            spikes.step((i % 50 == 7 ? 30 : 10) * MS, 1.0);
        }
        assertEquals(3.0, spikes.localSpread(0), 1e-9);
        assertTrue(Double.isNaN(reporter(3, 0).localSpread(0)));
        assertTrue(spikes.summary().contains("; after the first epoch p99 of step / local median "), spikes.summary());
    }
}
