package dev.hark.cli.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import dev.hark.api.HarkApi;
import dev.hark.api.ServerRunSource;
import dev.hark.cli.internal.RunsApplicationTest.Result;
import dev.hark.protocol.runs.RunInfo;
import dev.hark.protocol.runs.RunState;
import dev.hark.protocol.runs.ScalarSeries;
import dev.hark.testing.RunningServer;

/**
 * A Hark server as a source of training runs (issue 12): a real run trained by a real server's worker, read through
 * {@link ServerRunSource} (typed, over {@code /v2/runs}) and printed by {@code hark runs list|show|export --server}.
 */
class RunsFromServerTest {

    @TempDir
    static Path data;
    static RunningServer server;
    static String runId;
    static String url;

    @BeforeAll
    static void trainARun() throws Exception {
        server = RunningServer.start(data);
        url = server.http("/").toString();
        server.generateDigits("digits-cli", 32, 5);
        JsonObject train = new JsonObject();
        train.addProperty("model_name", "ctc");
        train.addProperty("dataset_name", "digits-cli");
        train.addProperty("epochs", 2);
        train.addProperty("batch_size", 8);
        train.addProperty("learning_rate", 0.003);
        train.addProperty("validation_split", 0.2);
        runId = server.trainAndWait(train);
    }

    @AfterAll
    static void stopServer() throws Exception {
        server.close();
    }

    static HttpResponse<String> post(String path, JsonObject body) throws Exception {
        return server.post(path, body);
    }

    @Test
    void theSourceGivesTheServersRunsTyped() throws Exception {
        try (HarkApi api = new HarkApi(server.http("/"), null); ServerRunSource source = new ServerRunSource(api)) {
            assertEquals("Hark server: " + url, source.label());
            List<RunInfo> runs = source.runs();
            assertEquals(1, runs.size(), runs.toString());
            RunInfo run = runs.get(0);
            assertEquals(runId, run.id());
            assertEquals(RunState.FINISHED, run.state());
            assertEquals("ctc", run.hparams().get("model"));
            assertEquals("digits-cli", run.hparams().get("dataset"));
            assertEquals("8", run.hparams().get("batch_size"));
            assertEquals("0.003", run.hparams().get("learning_rate"));
            assertTrue(run.tags().containsAll(List.of("loss", "learning_rate", "val_loss", "cer", "wer")), run.tags().toString());
            ScalarSeries loss = source.series(runId, "loss", 0);
            assertEquals(loss.totalPoints(), loss.points().size());
            ScalarSeries thin = source.series(runId, "loss", 8);
            assertTrue(thin.points().size() <= 8 && thin.totalPoints() == loss.totalPoints(), thin.toString());
            assertEquals(2, source.series(runId, "cer", 0).totalPoints(), "one CER per epoch");
            assertEquals(2, source.record(runId).checkpoints().size());
            assertThrows(IllegalArgumentException.class, () -> source.series("no-such-run", "loss", 0));
            assertThrows(IllegalArgumentException.class, () -> source.series(runId, "no-such-tag", 0));
            assertThrows(IllegalArgumentException.class, () -> source.series("../etc", "loss", 0));
        }
    }

    /** Issue 12: the checkpoint table's rows, with the numbers the server measured (compared with its own JSON). */
    @Test
    void theSourceGivesTheRunsCheckpointsWithTheirValidationNumbers() throws Exception {
        try (HarkApi api = new HarkApi(server.http("/"), null); ServerRunSource source = new ServerRunSource(api)) {
            List<dev.hark.protocol.runs.CheckpointInfo> checkpoints = source.checkpoints(runId);
            JsonArray raw = RunningServer.json(server.get("/v2/runs/" + runId).body()).getAsJsonArray("checkpoints");
            assertEquals(raw.size(), checkpoints.size());
            assertEquals(2, checkpoints.size(), "one checkpoint per epoch: " + checkpoints);
            for (int i = 0; i < raw.size(); i++) {
                JsonObject r = raw.get(i).getAsJsonObject();
                dev.hark.protocol.runs.CheckpointInfo c = checkpoints.get(i);
                assertEquals(r.get("name").getAsString(), c.name());
                assertEquals(r.get("epoch").getAsInt(), c.epoch());
                assertEquals(r.get("global_step").getAsLong(), c.step());
                assertEquals(r.get("val_loss").getAsDouble(), c.valLoss(), 0.0);
                assertEquals(r.get("cer").getAsDouble(), c.cer(), 0.0);
                assertEquals(r.get("wer").getAsDouble(), c.wer(), 0.0);
                assertEquals(r.get("saved_at").getAsString(), c.savedAt());
                assertTrue(c.step() > 0 && c.valLoss() > 0 && Double.isFinite(c.valLoss()), c.toString());
                assertTrue(!c.evaluated() && Double.isNaN(c.evalWer()), "not evaluated: " + c);
            }
            assertEquals(List.of(1, 2), checkpoints.stream().map(dev.hark.protocol.runs.CheckpointInfo::epoch).toList());
            assertTrue(source.canDelete(), "a Hark server deletes its runs");
            assertThrows(IllegalArgumentException.class, () -> source.checkpoints("no-such-run"));
            assertThrows(IllegalArgumentException.class, () -> source.delete("no-such-run"));
        }
    }

    @Test
    void harkRunsPrintsTheServersRuns() throws Exception {
        Result list = RunsApplicationTest.run("runs", "list", "--server", url);
        assertEquals(0, list.code(), list.err());
        List<String> lines = list.out().lines().toList();
        assertEquals("Hark server: " + url + ": 1 run", lines.get(0));
        assertTrue(lines.stream().anyMatch(l -> l.matches(java.util.regex.Pattern.quote(runId)
                + "\\s+finished\\s+\\d+\\s+\\d+\\s+\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\s+loss,learning_rate,val_loss,cer,wer\\s+-")), list.out());

        Result show = RunsApplicationTest.run("runs", "show", runId, "--server", url);
        assertEquals(0, show.code(), show.err());
        assertTrue(show.out().contains("hparams: batch_size=8, dataset=digits-cli, epochs=2, keep_checkpoints=5, learning_rate=0.003"),
                show.out());
        assertTrue(show.out().lines().anyMatch(l -> l.matches("cer\\s+2\\s+\\d+\\s+\\d+\\s+.*")), show.out());
        assertTrue(show.out().contains("checkpoints: 2"), show.out());
        assertTrue(show.out().lines().anyMatch(l -> l.matches("ctc-digits-cli-epoch-2\\s+2\\s+\\d+\\s+\\S+\\s+\\S+\\s+\\S+\\s+completed")),
                show.out());

        Result json = RunsApplicationTest.run("runs", "export", runId, "--server", url, "--tag", "loss", "--format", "json", "--max-points", "8");
        assertEquals(0, json.code(), json.err());
        JsonArray series = JsonParser.parseString(json.out()).getAsJsonArray();
        JsonObject loss = series.get(0).getAsJsonObject();
        assertEquals("loss", loss.get("tag").getAsString());
        assertTrue(loss.getAsJsonArray("points").size() <= 8, loss.toString());
        String all = server.get("/v2/runs/" + runId + "/scalars?tag=loss").body();
        assertEquals(RunningServer.json(all).get("total_points").getAsLong(), loss.get("total_points").getAsLong());

        Result csv = RunsApplicationTest.run("runs", "export", runId, "--server", url, "--tag", "cer");
        assertEquals(0, csv.code(), csv.err());
        assertEquals(3, csv.out().lines().count(), "a header and one line per epoch: " + csv.out());
    }

    @Test
    void badServersRunsAndArgumentsAreOneLineAndAnExitCode() {
        Result noRun = RunsApplicationTest.run("runs", "show", "nope", "--server", url);
        assertEquals(3, noRun.code(), noRun.err());
        assertTrue(noRun.err().startsWith("hark runs: no run nope"), noRun.err());
        Result noTag = RunsApplicationTest.run("runs", "export", runId, "--server", url, "--tag", "accuracy");
        assertEquals(3, noTag.code(), noTag.err());
        Result unreachable = RunsApplicationTest.run("runs", "list", "--server", "http://127.0.0.1:9");
        assertEquals(4, unreachable.code(), unreachable.err());
        assertTrue(unreachable.err().startsWith("hark runs: cannot read http://127.0.0.1:9"), unreachable.err());
        assertEquals(1, unreachable.err().lines().count(), unreachable.err());
        assertEquals(2, RunsApplicationTest.run("runs", "list", "--server", url, "--tensorboard", data.toString()).code(), "one source");
        assertEquals(2, RunsApplicationTest.run("runs", "list", "--server", "not a url").code());
        assertEquals(2, RunsApplicationTest.run("runs", "list", "--server", "ftp://x").code());
    }
}
