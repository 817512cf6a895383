package dev.hark.cli.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.hark.api.AsrTestRunSource;
import dev.hark.api.HarkApi;
import dev.hark.cli.internal.RunsApplicationTest.Result;
import dev.hark.protocol.rest.TrainRequest;
import dev.hark.protocol.runs.RunInfo;
import dev.hark.protocol.runs.RunState;
import dev.hark.testing.AsrTestBackend;
import dev.hark.testing.Await;

/**
 * {@code hark runs --server URL --runs-dir DIR} against the users' real asr-test backend (issue 12): without a folder
 * it says what to give; with the folder the workbench (here: an {@link AsrTestRunSource} that watched a real run)
 * recorded into, it lists, shows (with the checkpoints the run's log named) and exports the observed run.
 */
class RunsFromAsrTestTest {

    @TempDir
    Path dir;

    @Test
    void harkRunsReadsTheRunsObservedOnAnAsrTestBackend() throws Exception {
        try (AsrTestBackend backend = AsrTestBackend.start(); HarkApi api = new HarkApi(backend.url(), null)) {
            String url = backend.url().toString().replaceAll("/$", "");
            Await.until(Duration.ofMinutes(5), "the backend idle", () -> !training(api));
            Result refused = RunsApplicationTest.run("runs", "list", "--server", url);
            assertEquals(2, refused.code(), refused.out() + refused.err());
            assertTrue(refused.err().contains("keeps no training runs") && refused.err().contains("--runs-dir"), refused.err());

            Path folder = dir.resolve("observed");
            String id;
            try (AsrTestRunSource watching = new AsrTestRunSource(api, folder)) {
                watching.follow(() -> {
                });
                api.trainStart(new TrainRequest("realtime", "ljspeech", 1, 8, false, null, true, null, null, null, null, null, null, null));
                Await.until(Duration.ofMinutes(5), "the run observed to its end", () -> {
                    try {
                        return watching.runs().stream().anyMatch(r -> r.state() == RunState.FINISHED);
                    } catch (Exception e) {
                        return false;
                    }
                });
                id = watching.runs().get(0).id();
            }
            Await.until(Duration.ofMinutes(2), "the backend idle", () -> !training(api));

            Result list = RunsApplicationTest.run("runs", "list", "--server", url, "--runs-dir", folder.toString());
            assertEquals(0, list.code(), list.err());
            List<String> lines = list.out().lines().toList();
            assertEquals("asr-test backend: " + url + "/: 1 run", lines.get(0));
            assertTrue(lines.stream().anyMatch(l -> l.startsWith(id) && l.contains(" finished ") && l.contains("loss,learning_rate,val_loss")),
                    list.out());
            Result show = RunsApplicationTest.run("runs", "show", id, "--server", url, "--runs-dir", folder.toString());
            assertEquals(0, show.code(), show.err());
            assertTrue(show.out().contains("batch_size=") && show.out().contains("model=realtime") && show.out().contains("epochs=1"),
                    show.out());
            assertTrue(show.out().contains("checkpoints: 1") && show.out().lines().anyMatch(l -> l.startsWith("realtime-ljspeech-epoch-1 ")),
                    show.out());
            Result csv = RunsApplicationTest.run("runs", "export", id, "--server", url, "--runs-dir", folder.toString(), "--tag", "val_loss");
            assertEquals(0, csv.code(), csv.err());
            assertEquals(2, csv.out().lines().count(), "the header and one validation: " + csv.out());
            RunInfo again = new AsrTestRunSource(api, folder).runs().get(0);
            assertEquals(id, again.id());
        }
    }

    static boolean training(HarkApi api) {
        try {
            return api.progress().isTraining();
        } catch (Exception e) {
            return true;
        }
    }
}
