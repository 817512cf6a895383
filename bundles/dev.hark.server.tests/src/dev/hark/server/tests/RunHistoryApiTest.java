package dev.hark.server.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import dev.hark.protocol.ProtocolJson;
import dev.hark.protocol.runs.RunCheckpoint;
import dev.hark.protocol.runs.RunList;
import dev.hark.protocol.runs.RunRecord;
import dev.hark.protocol.runs.ScalarPoint;
import dev.hark.protocol.runs.ScalarSeries;
import dev.hark.testing.RunningServer;

/**
 * The server's run history over real HTTP with real training workers (issue 12): two runs of the same model and
 * dataset listed with their hyperparameters, status, checkpoints and their metrics, and every progress and validation
 * value; downsampled series; the history after a server restart (a run cut off by the restart marked failed);
 * hostile ids; deleting a run (refused while it runs) with its checkpoints.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RunHistoryApiTest {

    static final String DATASET = "digits-runs";

    @TempDir
    static Path data;
    static RunningServer server;
    static final List<String> runIds = new ArrayList<>();

    @BeforeAll
    static void startServer() throws Exception {
        server = RunningServer.start(data);
        server.generateDigits(DATASET, 48, 3);
    }

    @AfterAll
    static void stopServer() throws Exception {
        server.close();
    }

    static HttpResponse<String> post(String path, JsonObject body) throws Exception {
        return server.post(path, body);
    }

    static JsonObject trainBody(int epochs, double learningRate) {
        JsonObject b = new JsonObject();
        b.addProperty("model_name", "ctc");
        b.addProperty("dataset_name", DATASET);
        b.addProperty("epochs", epochs);
        b.addProperty("batch_size", 8);
        b.addProperty("learning_rate", learningRate);
        b.addProperty("validation_split", 0.15);
        b.addProperty("resume_from_checkpoint", false);
        return b;
    }

    static <T> T read(HttpResponse<String> r, Class<T> type) throws Exception {
        assertEquals(200, r.statusCode(), r.body());
        return ProtocolJson.fromJson(r.body(), type);
    }

    static void awaitIdle() throws Exception {
        assertTrue(server.server.trainingSupervisor().awaitIdle(10, TimeUnit.MINUTES), "training did not end");
    }

    @Test
    @Order(1)
    void twoRunsAreListedWithTheirHyperparametersCheckpointsAndMetrics() throws Exception {
        double[] rates = { 0.004, 0.002 };
        int[] epochs = { 10, 2 }; // the first long enough for more progress points than a downsampled series keeps
        for (int i = 0; i < 2; i++) {
            JsonObject body = trainBody(epochs[i], rates[i]);
            body.addProperty("batch_size", 4);
            HttpResponse<String> started = post("/api/train/start", body);
            assertEquals(200, started.statusCode(), started.body());
            String id = RunningServer.json(started.body()).get("run_id").getAsString();
            runIds.add(id);
            // while it runs: listed as running, and it cannot be deleted
            RunRecord running = read(server.get("/v2/runs/" + id), RunRecord.class);
            assertEquals(RunRecord.RUNNING, running.status(), running.toString());
            assertEquals(409, server.send(HttpRequest.newBuilder(server.http("/v2/runs/" + id)).DELETE()).statusCode());
            awaitIdle();
        }
        RunList list = read(server.get("/v2/runs"), RunList.class);
        assertEquals(List.of(runIds.get(1), runIds.get(0)), list.runs().stream().map(RunRecord::id).toList(), "newest first");
        for (int i = 0; i < 2; i++) {
            RunRecord r = read(server.get("/v2/runs/" + runIds.get(i)), RunRecord.class);
            assertEquals(RunRecord.COMPLETED, r.status(), r.toString());
            assertEquals("ctc", r.model());
            assertEquals(DATASET, r.dataset());
            assertEquals(rates[i], r.hparams().learningRate(), 1e-12);
            assertEquals(epochs[i], r.hparams().epochs());
            assertEquals(4, r.hparams().batchSize());
            assertEquals(5, r.hparams().keepCheckpoints());
            assertNotNull(r.startedAt());
            assertNotNull(r.endedAt());
            assertTrue(r.startedAt().compareTo(r.endedAt()) < 0, r.startedAt() + " .. " + r.endedAt());
            assertTrue(r.tags().containsAll(List.of("loss", "learning_rate", "val_loss", "cer", "wer")), r.tags().toString());
            // three numbers per validation, and the throttled progress lines (loss, learning rate): at least one
            assertTrue(r.points() >= 3 * epochs[i] + 2 && r.lastStep() > 0, r.toString());
            // its own checkpoints, the last 5 epochs (retention), with the validation's numbers
            List<Integer> kept = java.util.stream.IntStream.rangeClosed(Math.max(1, epochs[i] - 4), epochs[i]).boxed().toList();
            assertEquals(kept, r.checkpoints().stream().map(RunCheckpoint::epoch).toList(), r.checkpoints().toString());
            RunCheckpoint lastCheckpoint = r.checkpoints().get(r.checkpoints().size() - 1);
            for (RunCheckpoint c : r.checkpoints()) {
                assertTrue(c.folder().contains(r.checkpointTag()), c.toString());
                assertTrue(Files.isDirectory(data.resolve("checkpoints").resolve(c.folder())), c.toString());
                assertNotNull(c.cer(), c.toString());
                assertNotNull(c.wer(), c.toString());
            }
            // the newest run's checkpoints by v1's names, the earlier run's by their own
            assertEquals(i == 1 ? "ctc-" + DATASET + "-epoch-2" : lastCheckpoint.folder(), lastCheckpoint.name());
            // every validation is in the history, at the step the epoch ended
            ScalarSeries cer = read(server.get("/v2/runs/" + r.id() + "/scalars?tag=cer"), ScalarSeries.class);
            assertEquals(epochs[i], cer.totalPoints());
            ScalarPoint lastCer = cer.points().get(cer.points().size() - 1);
            assertEquals(lastCheckpoint.cer(), lastCer.value(), 1e-9);
            assertTrue(cer.points().get(0).step() > 0 && cer.points().get(0).step() < lastCer.step() && lastCer.step() <= r.lastStep(),
                    cer.points().toString());
        }
        assertFalse(read(server.get("/v2/runs/" + runIds.get(0)), RunRecord.class).checkpointTag()
                .equals(read(server.get("/v2/runs/" + runIds.get(1)), RunRecord.class).checkpointTag()));
    }

    @Test
    @Order(2)
    void seriesAreDownsampledOnTheServerKeepingTheEndsAndExtremes() throws Exception {
        String id = runIds.get(0);
        ScalarSeries all = read(server.get("/v2/runs/" + id + "/scalars?tag=loss"), ScalarSeries.class);
        assertTrue(all.points().size() > 8, "enough points to thin: " + all.points().size());
        assertEquals(all.totalPoints(), all.points().size());
        for (int i = 1; i < all.points().size(); i++) {
            assertTrue(all.points().get(i).step() >= all.points().get(i - 1).step(), "in step order");
            assertTrue(all.points().get(i).wallTime() >= all.points().get(i - 1).wallTime(), "wall times in order");
        }
        ScalarSeries thin = read(server.get("/v2/runs/" + id + "/scalars?tag=loss&max_points=8"), ScalarSeries.class);
        assertTrue(thin.points().size() <= 8, thin.points().size() + " points");
        assertEquals(all.totalPoints(), thin.totalPoints());
        assertEquals(all.points().get(0), thin.points().get(0));
        assertEquals(all.points().get(all.points().size() - 1), thin.points().get(thin.points().size() - 1));
        double max = all.points().stream().mapToDouble(ScalarPoint::value).max().orElseThrow();
        double min = all.points().stream().mapToDouble(ScalarPoint::value).min().orElseThrow();
        assertTrue(thin.points().stream().anyMatch(p -> p.value() == max), "the maximum kept");
        assertTrue(thin.points().stream().anyMatch(p -> p.value() == min), "the minimum kept");
        ScalarSeries rate = read(server.get("/v2/runs/" + id + "/scalars?tag=learning_rate"), ScalarSeries.class);
        assertTrue(rate.points().stream().allMatch(p -> p.value() > 0 && p.value() <= 0.004 + 1e-12), rate.points().toString());
    }

    @Test
    @Order(3)
    void badRequestsAndHostileIdsNeverReachOutsideTheDataFolder() throws Exception {
        Files.writeString(data.resolve("secret.json"), "{\"id\":\"TOP-SECRET-CONTENT\"}");
        String id = runIds.get(0);
        for (String path : List.of("/v2/runs/..", "/v2/runs/%2e%2e", "/v2/runs/..%2f..%2fetc", "/v2/runs/.hidden", "/v2/runs/a%00b",
                "/v2/runs/%2e%2e%2fsecret.json", "/v2/runs/" + "x".repeat(300), "/v2/runs/%2e%2e/scalars?tag=loss")) {
            HttpResponse<String> r = server.get(path);
            assertTrue(r.statusCode() == 400 || r.statusCode() == 404, path + " -> " + r.statusCode() + " " + r.body());
            assertFalse(r.body().contains("TOP-SECRET-CONTENT"), r.body());
        }
        assertEquals(404, server.get("/v2/runs/no-such-run").statusCode());
        assertEquals(404, server.send(HttpRequest.newBuilder(server.http("/v2/runs/no-such-run")).DELETE()).statusCode());
        assertEquals(400, server.get("/v2/runs/" + id + "/scalars").statusCode(), "no tag");
        assertEquals(404, server.get("/v2/runs/" + id + "/scalars?tag=nope").statusCode(), "unknown tag");
        for (String bad : List.of("-1", "x", "1e3", "99999999999")) {
            assertEquals(400, server.get("/v2/runs/" + id + "/scalars?tag=loss&max_points=" + bad).statusCode(), bad);
        }
        assertTrue(Files.exists(data.resolve("secret.json")));
    }

    @Test
    @Order(4)
    void theHistorySurvivesARestartAndARunCutOffByItIsMarkedFailed() throws Exception {
        String older = runIds.get(0);
        ScalarSeries before = read(server.get("/v2/runs/" + older + "/scalars?tag=loss"), ScalarSeries.class);
        RunRecord newer = read(server.get("/v2/runs/" + runIds.get(1)), RunRecord.class);
        server.close();
        // as if the server had died while the newer run was training
        Path record = data.resolve("runs").resolve(newer.id()).resolve("run.json");
        Files.writeString(record, ProtocolJson.toJson(newer.ended(RunRecord.RUNNING, null, null).with(List.of(), 0, -1, null)));
        server = RunningServer.start(data);
        RunList list = read(server.get("/v2/runs"), RunList.class);
        assertEquals(List.of(runIds.get(1), older), list.runs().stream().map(RunRecord::id).toList());
        assertEquals(before, read(server.get("/v2/runs/" + older + "/scalars?tag=loss"), ScalarSeries.class));
        RunRecord cut = read(server.get("/v2/runs/" + newer.id()), RunRecord.class);
        assertEquals(RunRecord.FAILED, cut.status(), cut.toString());
        assertTrue(cut.reason().contains("server stopped"), cut.reason());
        assertNotNull(cut.endedAt());
        assertEquals(newer.checkpoints(), cut.checkpoints());
    }

    @Test
    @Order(5)
    void deletingARunDeletesItsCheckpointsAndHistoryOnly() throws Exception {
        RunRecord older = read(server.get("/v2/runs/" + runIds.get(0)), RunRecord.class);
        RunRecord newer = read(server.get("/v2/runs/" + runIds.get(1)), RunRecord.class);
        HttpResponse<String> deleted = server.send(HttpRequest.newBuilder(server.http("/v2/runs/" + older.id())).DELETE());
        assertEquals(200, deleted.statusCode(), deleted.body());
        JsonArray gone = RunningServer.json(deleted.body()).getAsJsonArray("checkpoints");
        List<String> goneNames = new ArrayList<>();
        for (JsonElement e : gone) {
            goneNames.add(e.getAsString());
        }
        assertEquals(older.checkpoints().stream().map(RunCheckpoint::folder).toList(), goneNames);
        assertEquals(404, server.get("/v2/runs/" + older.id()).statusCode());
        assertFalse(Files.exists(data.resolve("runs").resolve(older.id())));
        for (RunCheckpoint c : older.checkpoints()) {
            assertFalse(Files.exists(data.resolve("checkpoints").resolve(c.folder())), c.folder());
        }
        for (RunCheckpoint c : newer.checkpoints()) {
            assertTrue(Files.exists(data.resolve("checkpoints").resolve(c.folder())), c.folder());
        }
        String listed = server.get("/api/checkpoints?model_name=ctc").body();
        assertFalse(listed.contains(older.checkpointTag()), listed);
        assertTrue(listed.contains("ctc-" + DATASET + "-epoch-2"), listed);
        assertEquals(List.of(newer.id()), read(server.get("/v2/runs"), RunList.class).runs().stream().map(RunRecord::id).toList());
    }
}
