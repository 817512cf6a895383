package dev.hark.services.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.gson.JsonObject;

import dev.hark.api.HarkApi;
import dev.hark.api.ServerRunSource;
import dev.hark.protocol.runs.RunRecord;
import dev.hark.server.ServerConfig;
import dev.hark.testing.Await;
import dev.hark.testing.RunningServer;

/**
 * {@link ServerRunSource} following a real Hark server's {@code /v2/runs/events} (issue 12): a training run appears,
 * grows and ends in the source's list as the server pushes it — the list the runs view reads then matches what
 * {@code GET /v2/runs} says — a deleted run leaves it, and when the server goes away and comes back on the same
 * address the source reconnects by itself and reads the list afresh.
 */
class ServerRunPushTest {

    static final String DATASET = "digits-follow";

    @TempDir
    Path dir;

    static HttpResponse<String> post(RunningServer server, String path, JsonObject body) throws Exception {
        return server.send(HttpRequest.newBuilder(server.http(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())));
    }

    /** A run that failed (a worker that could not start) is said at once, not after the waits below. */
    static void failFast(RunningServer server, String id) throws Exception {
        Await.until(Duration.ofMinutes(5), "the run's first value or its end", quietly(() -> {
            com.google.gson.JsonObject r = RunningServer.json(server.get("/v2/runs/" + id).body());
            if ("failed".equals(r.get("status").getAsString())) {
                throw new AssertionError("the run failed: " + r.get("reason"));
            }
            return r.get("points").getAsLong() > 0 || !"running".equals(r.get("status").getAsString());
        }));
    }

    /** Until the server says no run is in progress ({@code /api/progress}). */
    static void awaitIdle(RunningServer server) throws InterruptedException {
        Await.until(Duration.ofMinutes(10), "the run to end", quietly(() -> !RunningServer.json(server.get("/api/progress").body())
                .get("is_training").getAsBoolean()));
    }

    /** A condition that may throw (a failed read counts as false). */
    interface Check {
        boolean test() throws Exception;
    }

    static java.util.function.BooleanSupplier quietly(Check c) {
        return () -> {
            try {
                return c.test();
            } catch (Exception e) {
                return false;
            }
        };
    }

    /** The fields the runs view shows. */
    static List<String> shown(List<RunRecord> runs) {
        return runs.stream().map(r -> r.id() + " " + r.status() + " " + r.points() + " " + r.lastStep() + " " + r.tags()).toList();
    }

    @Test
    void aTrainingRunIsFollowedByPushAndTheStreamComesBackAfterTheServerDoes() throws Exception {
        Path data = dir.resolve("data");
        RunningServer server = RunningServer.start(data);
        int port = server.server.port();
        AtomicInteger changes = new AtomicInteger();
        try (HarkApi api = new HarkApi(server.server.httpUri(), null); ServerRunSource source = new ServerRunSource(api)) {
            java.util.concurrent.atomic.AtomicBoolean runningWithValues = new java.util.concurrent.atomic.AtomicBoolean();
            source.follow(() -> {
                changes.incrementAndGet();
                try {
                    // what the runs view would read now, from pushes alone
                    if (source.pushing() && source.records().stream().anyMatch(r -> RunRecord.RUNNING.equals(r.status()) && r.points() > 0)) {
                        runningWithValues.set(true);
                    }
                } catch (java.io.IOException e) {
                    // not while pushing
                }
            });
            Await.until(Duration.ofSeconds(15), "the push stream", source::pushing);
            assertEquals(List.of(), source.records());

            JsonObject gen = new JsonObject();
            gen.addProperty("dataset_name", DATASET);
            gen.addProperty("kind", "digits");
            gen.addProperty("count", 24);
            gen.addProperty("seed", 9);
            assertEquals(200, post(server, "/api/dataset/generate", gen).statusCode());
            Await.until(Duration.ofMinutes(5), "the dataset", quietly(() -> server.get("/api/datasets/" + DATASET).body().contains("downloaded")));
            JsonObject train = new JsonObject();
            train.addProperty("model_name", "ctc");
            train.addProperty("dataset_name", DATASET);
            train.addProperty("epochs", 2);
            train.addProperty("batch_size", 4);
            train.addProperty("validation_split", 0.2);
            train.addProperty("resume_from_checkpoint", false);
            HttpResponse<String> started = post(server, "/api/train/start", train);
            assertEquals(200, started.statusCode(), started.body());
            String id = RunningServer.json(started.body()).get("run_id").getAsString();

            int before = changes.get();
            failFast(server, id);
            awaitIdle(server);
            assertTrue(runningWithValues.get(), "the run's values pushed while it trained, not only at its end");
            assertTrue(changes.get() > before, "each push is announced");
            // what the source shows from pushes alone is what the server keeps
            Await.until(Duration.ofSeconds(15), "the pushed list to match /v2/runs", quietly(() -> {
                ServerRunSource fresh = new ServerRunSource(api);
                return source.pushing() && shown(source.records()).equals(shown(fresh.records()));
            }));
            assertEquals(RunRecord.COMPLETED, source.records().get(0).status());
            assertTrue(source.records().get(0).tags().containsAll(List.of("loss", "learning_rate", "val_loss", "cer")),
                    source.records().get(0).tags().toString());

            source.delete(id);
            Await.until(Duration.ofSeconds(15), "the deleted run gone", quietly(() -> source.pushing() && source.records().isEmpty()));

            // a second run, then the server goes away: no push, the source reads over REST (and fails: nobody answers)
            assertEquals(200, post(server, "/api/train/start", train).statusCode());
            awaitIdle(server);
            Await.until(Duration.ofSeconds(15), "the second run", quietly(() -> source.records().size() == 1));
            server.close();
            Await.until(Duration.ofSeconds(15), "the drop noticed", () -> !source.pushing());
            // back on the same address with the same data: the stream reconnects (backoff) and the list is read afresh
            try (RunningServer again = RunningServer.start(ServerConfig.defaults().withPort(port).withDataDir(data))) {
                Await.until(Duration.ofSeconds(60), "the stream back", source::pushing);
                assertEquals(1, source.records().size());
                assertEquals(RunRecord.COMPLETED, source.records().get(0).status());
            }
        } finally {
            server.close();
        }
        assertFalse(Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().equals("hark-runs-push") && t.isAlive()),
                "the push thread stopped with the source");
    }
}
