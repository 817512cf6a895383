package dev.hark.services.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.hark.api.AsrTestRunSource;
import dev.hark.api.HarkApi;
import dev.hark.api.ObservedRun;
import dev.hark.api.ServerRunSource;
import dev.hark.protocol.rest.TrainRequest;
import dev.hark.protocol.runs.RunInfo;
import dev.hark.protocol.runs.RunState;
import dev.hark.protocol.runs.ScalarSeries;
import dev.hark.testing.AsrTestBackend;
import dev.hark.testing.Await;

/**
 * The users' real asr-test backend as a run source (issue 12): it keeps no run history, so the workbench records what
 * it observes. A run watched from its start is recorded whole — its id from start time, model and dataset, what the
 * backend said at the start, the loss per global step (the /ws progress's within-epoch numbering left out), the
 * validation losses, the checkpoints its log says it saved, its end — kept in the folder, and read again by a new
 * source (a reopened workbench, {@code hark runs}) when the backend is idle and has zeroed {@code /api/progress}. A run
 * first seen in the middle says its earlier values were not observed, and its stop is recorded. The backend is the one
 * ./run-tests started, else one this test starts and stops ({@code compat/backend-for-test}).
 */
class AsrTestRunSourceTest {

    @TempDir
    Path dir;

    static TrainRequest train(int epochs) {
        return new TrainRequest("realtime", "ljspeech", epochs, 8, false, null, true, null, null, null, null, null, null, null);
    }

    static boolean training(HarkApi api) {
        try {
            return api.progress().isTraining();
        } catch (Exception e) {
            return true;
        }
    }

    @Test
    void runsObservedOnTheRealBackendAreRecordedKeptAndReadAgain() throws Exception {
        Path folder = dir.resolve("observed-runs");
        try (AsrTestBackend backend = AsrTestBackend.start(); HarkApi api = new HarkApi(backend.url(), null)) {
            Await.until(Duration.ofMinutes(5), "the backend idle", () -> !training(api));
            // the workbench's choice: a server that keeps no runs is observed, into the folder it is given
            AtomicInteger changes = new AtomicInteger();
            ServerRuns serverRuns = new ServerRuns(changes::incrementAndGet, () -> folder);
            String label = "asr-test backend: " + api.base();
            try {
                assertTrue(assertThrowsNoRuns(api), "asr-test has no /v2/runs");
                serverRuns.read(() -> api);
                assertTrue(serverRuns.source(label).isPresent(), "observing the backend");
                AsrTestRunSource observing = (AsrTestRunSource) serverRuns.source(label).orElseThrow();
                Await.until(Duration.ofSeconds(30), "the backend's broadcasts heard", observing::listening);

                api.trainStart(train(2));
                Await.until(Duration.ofMinutes(5), "the run observed to its end", () -> serverRuns.read(() -> api).stream()
                        .flatMap(s -> s.runs().stream()).anyMatch(r -> r.state() == RunState.FINISHED));
                assertTrue(changes.get() > 0, "changes announced");
            } finally {
                serverRuns.close();
            }
            Await.until(Duration.ofMinutes(2), "the backend idle", () -> !training(api));

            // a new source over the same folder (a reopened workbench, hark runs): the run is still there, whole
            AsrTestRunSource reopened = new AsrTestRunSource(api, folder);
            List<RunInfo> runs = reopened.runs();
            assertEquals(1, runs.size(), runs.toString());
            RunInfo run = runs.get(0);
            assertTrue(run.id().matches("\\d{8}-\\d{6}-realtime-ljspeech"), run.id());
            assertEquals(RunState.FINISHED, run.state());
            assertEquals("", run.detail(), "seen from its start");
            assertEquals("realtime", run.hparams().get("model"));
            assertEquals("ljspeech", run.hparams().get("dataset"));
            assertEquals("2", run.hparams().get("epochs"), run.hparams().toString());
            // what the backend said it uses (its lightweight mode takes a batch size of its own), not what was asked
            assertTrue(String.valueOf(run.hparams().get("batch_size")).matches("\\d+"), run.hparams().toString());
            assertEquals("cpu", run.hparams().get("device"), run.hparams().toString());
            assertEquals("false", run.hparams().get("resume"), run.hparams().toString());
            assertTrue(run.tags().containsAll(List.of("loss", "learning_rate", "val_loss")), run.tags().toString());
            ScalarSeries loss = reopened.series(run.id(), "loss", 0);
            assertTrue(loss.points().size() >= 2, loss.toString());
            for (int i = 1; i < loss.points().size(); i++) {
                assertTrue(loss.points().get(i).step() > loss.points().get(i - 1).step(), "global steps only, rising: " + loss.points());
            }
            assertTrue(loss.points().stream().allMatch(p -> p.value() > 0 && Double.isFinite(p.value())), loss.points().toString());
            ScalarSeries val = reopened.series(run.id(), "val_loss", 0);
            assertEquals(2, val.points().size(), "one validation per epoch: " + val.points());
            assertTrue(val.points().get(1).step() > val.points().get(0).step(), val.points().toString());
            ObservedRun record = reopened.observed().get(0);
            assertEquals(List.of("realtime-ljspeech-epoch-1", "realtime-ljspeech-epoch-2"),
                    record.checkpoints().stream().map(c -> c.name()).toList(), record.toString());
            assertEquals(val.points().get(0).value(), record.checkpoints().get(0).valLoss(), 1e-9, "a checkpoint's validation loss");
            assertTrue(record.sawStart());

            // a run first seen in the middle: its earlier values are not known, its stop is heard
            api.trainStart(train(30));
            Await.until(Duration.ofMinutes(3), "the second run past its first steps", () -> {
                try {
                    return api.progress().currentStep() >= 2;
                } catch (Exception e) {
                    return false;
                }
            });
            try (AsrTestRunSource watching = new AsrTestRunSource(api, folder)) {
                watching.follow(() -> {
                });
                Await.until(Duration.ofMinutes(2), "the second run observed", () -> active(watching).isPresent());
                RunInfo second = active(watching).orElseThrow();
                assertTrue(second.detail().contains("earlier values were not observed"), second.detail());
                assertEquals("30", second.hparams().get("epochs"), "from the start line of the backend's log: " + second.hparams());
                Await.until(Duration.ofMinutes(2), "a value of the second run", () -> points(watching, second.id()) > 0);
                api.trainStop();
                Await.until(Duration.ofMinutes(2), "the stop observed", () -> state(watching, second.id()) == RunState.STOPPED);
                Await.until(Duration.ofMinutes(2), "the backend idle", () -> !training(api));
                long lastStep = watching.runs().stream().filter(r -> r.id().equals(second.id())).findFirst().orElseThrow().lastStep();
                Thread.sleep(3000); // /api/progress is zeroed now: that is no new run and no step 0
                List<RunInfo> after = watching.runs();
                assertEquals(2, after.size(), after.toString());
                assertEquals(lastStep, after.get(0).lastStep());
                assertTrue(lastStep > 0);
                ScalarSeries secondLoss = watching.series(second.id(), "loss", 0);
                assertTrue(secondLoss.points().get(0).step() >= 2, "first seen at step >= 2: " + secondLoss.points().get(0));
                assertEquals(run.points(), after.get(1).points(), "the first run untouched");
            }
        }
    }

    private static boolean assertThrowsNoRuns(HarkApi api) {
        try {
            new ServerRunSource(api).records();
            return false;
        } catch (ServerRunSource.NoRuns e) {
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    private static Optional<RunInfo> active(AsrTestRunSource s) {
        try {
            return s.runs().stream().filter(r -> r.state() == RunState.ACTIVE).findFirst();
        } catch (Exception e) {
            return Optional.empty();
        }
    }

    private static long points(AsrTestRunSource s, String id) {
        try {
            return s.runs().stream().filter(r -> r.id().equals(id)).mapToLong(RunInfo::points).sum();
        } catch (Exception e) {
            return 0;
        }
    }

    private static RunState state(AsrTestRunSource s, String id) {
        try {
            return s.runs().stream().filter(r -> r.id().equals(id)).map(RunInfo::state).findFirst().orElse(null);
        } catch (Exception e) {
            return null;
        }
    }

}
