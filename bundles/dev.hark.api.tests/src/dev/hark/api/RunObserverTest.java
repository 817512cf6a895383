package dev.hark.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.hark.protocol.V1;
import dev.hark.protocol.runs.RunRecord;
import dev.hark.protocol.runs.ScalarPoint;
import dev.hark.protocol.training.TrainingMessage;

/**
 * What {@link RunObserver} makes of an asr-test backend's messages (in the shapes of compat/fixtures/
 * ws-training-broadcasts.json, decoded by the same {@link V1} codec as the monitor) and how {@link ObservedRuns} keeps
 * it: runs begun by their start or first seen mid-way, ended by status, error or — unheard — by the next run; values
 * per global step; checkpoints from the log; the folder read again; the bounds. The real backend:
 * services.tests' AsrTestRunSourceTest.
 */
class RunObserverTest {

    @TempDir
    Path dir;

    static void say(RunObserver o, String... v1Messages) throws Exception {
        for (String m : v1Messages) {
            if (V1.decodeServerMessage(m) instanceof TrainingMessage t) {
                o.accept(t);
            }
        }
    }

    static String status(String status, String message) {
        return "{\"type\":\"status\",\"payload\":{\"status\":\"" + status + "\",\"message\":\"" + message + "\"}}";
    }

    static String progress(int epoch, long step, long total, Double loss) {
        return "{\"type\":\"progress\",\"payload\":{\"epoch\":" + epoch + ",\"total_epochs\":2,\"step\":" + step + ",\"total_steps\":" + total
                + ",\"loss\":" + loss + ",\"learning_rate\":" + (loss == null ? null : 1e-5) + "}}";
    }

    static String log(String message) {
        return "{\"type\":\"log\",\"payload\":{\"level\":\"INFO\",\"message\":\"" + message + "\"}}";
    }

    static String validation(int epoch, double loss) {
        return "{\"type\":\"validation_result\",\"payload\":{\"epoch\":" + epoch + ",\"val_loss\":" + loss + "}}";
    }

    static final String START = status("starting", "学習開始リクエスト受理: model=realtime, dataset=ljspeech, resume=False");
    static final String START_LINE = log("学習を開始します: model=realtime, dataset=ljspeech, epochs=2, batch_size=4, device=cpu");

    @Test
    void aRunWatchedFromItsStartIsRecordedWholeAndReadAgain() throws Exception {
        ObservedRuns store = new ObservedRuns(dir);
        RunObserver o = new RunObserver(store, () -> {
        });
        say(o, START, START_LINE, progress(0, 0, 6, null), progress(1, 0, 6, 54.8), progress(1, 1, 6, 48.9), progress(1, 2, 6, 44.1),
                validation(1, 45.4), log("Validation: epoch=1, val_loss=45.4112"),
                log("チェックポイントを保存しました: ./checkpoints/realtime-ljspeech-epoch-1.pt"), progress(2, 3, 6, 40.2),
                status("completed", "学習が正常に完了しました。"));
        List<ObservedRuns.Entry> runs = new ObservedRuns(dir).list(); // read again from the folder
        assertEquals(1, runs.size());
        ObservedRun r = runs.get(0).run();
        assertTrue(r.id().matches("\\d{8}-\\d{6}-realtime-ljspeech"), r.id());
        assertEquals(RunRecord.COMPLETED, r.status());
        assertTrue(r.sawStart());
        assertEquals("2", r.hparams().get("epochs"));
        assertEquals("false", r.hparams().get("resume"));
        assertEquals(List.of("realtime-ljspeech-epoch-1"), r.checkpoints().stream().map(c -> c.name()).toList());
        assertEquals(45.4, r.checkpoints().get(0).valLoss(), 1e-9);
        assertEquals(1, r.checkpoints().get(0).epoch());
        ObservedRuns again = new ObservedRuns(dir);
        assertEquals(List.of(0L, 1L, 2L, 3L), again.series(r.id(), "loss", 0).points().stream().map(ScalarPoint::step).toList());
        assertEquals(List.of(2L), again.series(r.id(), "val_loss", 0).points().stream().map(ScalarPoint::step).toList(),
                "a validation at the last step seen");
        assertEquals(4 + 4 + 1, runs.get(0).points());
        assertThrows(IllegalArgumentException.class, () -> again.series(r.id(), "cer", 0), "asr-test measures no CER");
        assertThrows(IllegalArgumentException.class, () -> again.series("nope", "loss", 0));
    }

    @Test
    void runsFirstSeenMidwayUnheardEndsErrorsAndEarlierLogTails() throws Exception {
        ObservedRuns store = new ObservedRuns(dir);
        RunObserver o = new RunObserver(store, () -> {
        });
        // watching begins mid-run: the log tail's start line names it; an earlier run's checkpoint line is not this run's
        say(o, START_LINE, progress(3, 40, 60, 20.0), log("チェックポイントを保存しました: ./checkpoints/realtime-ljspeech-epoch-9.pt"),
                progress(3, 41, 60, 19.5));
        ObservedRun first = o.current().orElseThrow();
        assertFalse(first.sawStart());
        assertEquals(40, first.firstObservedStep());
        assertEquals("realtime", first.model());
        assertEquals(List.of(), first.checkpoints(), "epoch 9 is beyond this run's");
        // a new run, not announced (its start missed): steps start again
        say(o, progress(1, 0, 60, 50.0));
        ObservedRun second = o.current().orElseThrow();
        assertEquals(ObservedRun.UNKNOWN, store.get(first.id()).run().status());
        assertEquals(RunObserver.NOT_HEARD, store.get(first.id()).run().reason());
        assertTrue(second.sawStart(), "seen from step 0: nothing missed");
        // it fails: the backend's error broadcast
        say(o, "{\"type\":\"error\",\"payload\":{\"message\":\"学習中にエラーが発生しました: boom\",\"traceback\":\"Traceback\"}}");
        assertEquals(RunRecord.FAILED, store.get(second.id()).run().status());
        assertTrue(store.get(second.id()).run().reason().contains("boom"));
        assertTrue(o.current().isEmpty());
        // /api/progress, zeroed after the end, says nothing new: no run, no step 0
        say(o, progress(0, 0, 60, null));
        assertTrue(o.current().isEmpty());
        // watching begins as a later epoch starts: asr-test's within-epoch step 0 is heard first; earlier values were missed
        RunObserver late = new RunObserver(new ObservedRuns(dir.resolve("late")), () -> {
        });
        say(late, START_LINE, progress(2, 0, 3, 30.0));
        assertTrue(late.current().isEmpty(), "a step 0 of epoch 2 is the within-epoch count: no run begins with it");
        say(late, progress(2, 5, 60, 29.0), progress(3, 0, 3, 28.0), progress(3, 7, 60, 27.0));
        ObservedRun lateRun = late.current().orElseThrow();
        assertFalse(lateRun.sawStart(), "first seen mid-run");
        assertEquals(5, lateRun.firstObservedStep());
        // a third run, and Hark stops watching: a new observer over the folder takes it up, then hears the backend idle
        say(o, START, progress(1, 0, 60, 49.0));
        String third = o.current().orElseThrow().id();
        RunObserver reopened = new RunObserver(new ObservedRuns(dir), () -> {
        });
        assertEquals(third, reopened.current().orElseThrow().id(), "still running when last seen: the current run");
        reopened.idle();
        assertEquals(ObservedRun.UNKNOWN, new ObservedRuns(dir).get(third).run().status());
        assertEquals(3, new ObservedRuns(dir).list().size());
    }

    @Test
    void theFolderKeepsTheNewestRunsAndBoundedValues() throws Exception {
        ObservedRuns store = new ObservedRuns(dir);
        for (int i = 0; i < ObservedRuns.MAX_RUNS + 3; i++) {
            store.begin(new ObservedRun("run", "m", "d", RunRecord.RUNNING, null,
                    java.time.Instant.ofEpochSecond(1_800_000_000L + i).toString(), null, true, 0, null, null));
        }
        assertEquals(ObservedRuns.MAX_RUNS, store.list().size());
        // the three oldest went (their ids may be taken again by newer runs)
        assertEquals(java.time.Instant.ofEpochSecond(1_800_000_003L).toString(), store.list().get(ObservedRuns.MAX_RUNS - 1).run().startedAt());
        assertEquals(ObservedRuns.MAX_RUNS, new ObservedRuns(dir).list().size(), "and so did their folders");
        try (var dirs = Files.list(dir)) {
            assertEquals(ObservedRuns.MAX_RUNS, dirs.count());
        }
        String id = store.list().get(0).run().id();
        assertFalse(store.add(id, "loss", 1, Double.NaN), "non-finite values are not kept");
        Files.writeString(dir.resolve(id).resolve(ObservedRuns.METRICS), "{\"tag\":\"loss\",\"step\":0,\"wall_time\":1,\"value\":2}\n{\"tag\":\"lo");
        ObservedRuns reread = new ObservedRuns(dir);
        assertEquals(1, reread.get(id).points(), "a line cut short by a crash is skipped");
    }
}
