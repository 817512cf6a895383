package dev.hark.server.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.gson.JsonObject;

import dev.hark.protocol.ProtocolJson;
import dev.hark.protocol.runs.MetricLine;
import dev.hark.protocol.runs.RunDeleted;
import dev.hark.protocol.runs.RunPoints;
import dev.hark.protocol.runs.RunRecord;
import dev.hark.protocol.runs.ScalarSeries;
import dev.hark.testing.Await;
import dev.hark.testing.RunningServer;

/**
 * {@code GET /v2/runs/events} over real HTTP (issue 12): a real training run's record and values arrive as they are
 * written, a deleted run is announced, and a client that does not read is cut off (its memory freed) while a reading
 * client of the same flood receives every value in order.
 */
class RunEventsApiTest {

    static final String DATASET = "digits-push";

    @TempDir
    static Path data;
    static RunningServer server;
    static HttpClient http;

    /** One SSE event as read. */
    record Event(String type, String data) {
        <T> T as(Class<T> type) {
            try {
                return ProtocolJson.fromJson(data, type);
            } catch (dev.hark.protocol.ProtocolException e) {
                throw new AssertionError("a broken " + this.type + " event: " + data, e);
            }
        }
    }

    /** Reads an SSE stream into a list on its own thread. */
    static final class Listener implements AutoCloseable {
        final List<Event> events = new CopyOnWriteArrayList<>();
        final InputStream body;
        final Thread thread;
        volatile boolean greeted;

        Listener() throws Exception {
            HttpResponse<InputStream> r = http.send(HttpRequest.newBuilder(server.http("/v2/runs/events")).GET().build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            assertEquals(200, r.statusCode());
            assertEquals("text/event-stream; charset=utf-8", r.headers().firstValue("content-type").orElse(""));
            body = r.body();
            thread = new Thread(this::read, "test-runs-events");
            thread.setDaemon(true);
            thread.start();
            Await.until(Duration.ofSeconds(10), "the greeting", () -> greeted);
        }

        private void read() {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
                String type = null;
                for (String line; (line = in.readLine()) != null;) {
                    if (line.startsWith(": hark runs")) {
                        greeted = true;
                    } else if (line.startsWith("event: ")) {
                        type = line.substring(7);
                    } else if (line.startsWith("data: ") && type != null) {
                        events.add(new Event(type, line.substring(6)));
                        type = null;
                    }
                }
            } catch (Exception e) {
                // closed
            }
        }

        List<Event> of(String type) {
            return events.stream().filter(e -> e.type().equals(type)).toList();
        }

        List<MetricLine> points(String runId, String tag) {
            return of("points").stream().map(e -> e.as(RunPoints.class)).filter(p -> p.runId().equals(runId))
                    .flatMap(p -> p.points().stream()).filter(l -> l.tag().equals(tag)).toList();
        }

        @Override
        public void close() throws Exception {
            body.close();
            thread.join(5_000);
        }
    }

    @BeforeAll
    static void startServer() throws Exception {
        server = RunningServer.start(data);
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        server.generateDigits(DATASET, 24, 5);
    }

    static HttpResponse<String> post(String path, JsonObject body) throws Exception {
        return server.post(path, body);
    }

    @AfterAll
    static void stopServer() throws Exception {
        server.close();
        http.close();
    }

    @Test
    void aTrainingRunsRecordAndValuesArePushedAndItsDeletionAnnounced() throws Exception {
        noListeners();
        try (Listener listener = new Listener()) {
            JsonObject body = new JsonObject();
            body.addProperty("model_name", "ctc");
            body.addProperty("dataset_name", DATASET);
            body.addProperty("epochs", 2);
            body.addProperty("batch_size", 4);
            body.addProperty("validation_split", 0.2);
            body.addProperty("resume_from_checkpoint", false);
            HttpResponse<String> started = post("/api/train/start", body);
            assertEquals(200, started.statusCode(), started.body());
            String id = RunningServer.json(started.body()).get("run_id").getAsString();
            Await.until(Duration.ofSeconds(30), "the new run announced", () -> listener.of("run").stream()
                    .map(e -> e.as(RunRecord.class)).anyMatch(r -> r.id().equals(id) && RunRecord.RUNNING.equals(r.status())));
            assertTrue(server.server.trainingSupervisor().awaitIdle(10, TimeUnit.MINUTES));
            Await.until(Duration.ofSeconds(10), "the end announced", () -> listener.of("run").stream().map(e -> e.as(RunRecord.class))
                    .anyMatch(r -> r.id().equals(id) && RunRecord.COMPLETED.equals(r.status()) && r.endedAt() != null));
            // values arrived while the run trained, not only when it ended: points events before the end's run event
            List<Event> all = List.copyOf(listener.events);
            int end = -1;
            int firstPoints = -1;
            for (int i = 0; i < all.size(); i++) {
                if (firstPoints < 0 && all.get(i).type().equals("points")) {
                    firstPoints = i;
                }
                if (end < 0 && all.get(i).type().equals("run") && RunRecord.COMPLETED.equals(all.get(i).as(RunRecord.class).status())) {
                    end = i;
                }
            }
            assertTrue(firstPoints >= 0 && firstPoints < end, "values before the end: " + firstPoints + " < " + end);
            long batchesBeforeEnd = all.subList(0, end).stream().filter(e -> e.type().equals("points")).count();
            assertTrue(batchesBeforeEnd >= 2, "pushed as they came (" + batchesBeforeEnd + " batches before the end)");
            // every value the history keeps was pushed, in order
            for (String tag : List.of(MetricLine.LOSS, MetricLine.LEARNING_RATE, MetricLine.VAL_LOSS, MetricLine.CER)) {
                ScalarSeries kept = RunHistoryApiTest.read(server.get("/v2/runs/" + id + "/scalars?tag=" + tag), ScalarSeries.class);
                Await.until(Duration.ofSeconds(5), tag + " complete", () -> listener.points(id, tag).size() == kept.totalPoints());
                List<MetricLine> pushed = listener.points(id, tag);
                for (int i = 0; i < pushed.size(); i++) {
                    assertEquals(kept.points().get(i).step(), pushed.get(i).step(), tag + " #" + i);
                    assertEquals(kept.points().get(i).value(), pushed.get(i).value(), 1e-12, tag + " #" + i);
                }
            }
            // one run event per state change, not per value: coalesced
            long runEvents = listener.of("run").stream().filter(e -> e.as(RunRecord.class).id().equals(id)).count();
            assertTrue(runEvents <= 3, runEvents + " run events");

            HttpResponse<String> deleted = server.send(HttpRequest.newBuilder(server.http("/v2/runs/" + id)).DELETE());
            assertEquals(200, deleted.statusCode(), deleted.body());
            RunDeleted answer = ProtocolJson.fromJson(deleted.body(), RunDeleted.class);
            assertFalse(answer.checkpoints().isEmpty());
            Await.until(Duration.ofSeconds(10), "the deletion announced", () -> listener.of("deleted").stream()
                    .map(e -> e.as(RunDeleted.class)).anyMatch(d -> d.id().equals(id) && d.checkpoints().equals(answer.checkpoints())));
        }
        noListeners();
    }

    /** A client that left is noticed at the next write to it: at the latest the keepalive, within 15 s. */
    static void noListeners() throws InterruptedException {
        Await.until(Duration.ofSeconds(30), "no listener left", () -> server.server.runChanges().listenerCount() == 0);
    }

    @Test
    void aClientThatDoesNotReadIsCutOffWhileAReadingClientGetsEveryValue() throws Exception {
        noListeners();
        try (Listener reader = new Listener(); Socket stalled = new Socket()) {
            stalled.setReceiveBufferSize(4096);
            stalled.connect(new java.net.InetSocketAddress(server.http("/").getHost(), server.http("/").getPort()));
            OutputStream out = stalled.getOutputStream();
            out.write(("GET /v2/runs/events HTTP/1.1\r\nHost: localhost\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            Await.until(Duration.ofSeconds(10), "both listening", () -> server.server.runChanges().listenerCount() == 2);
            // a flood: 300,000 values in bursts (100,000 a second), far more than a stalled socket's buffers and the feed's bound
            int total = 300_000;
            for (int i = 0; i < total; i++) {
                server.server.runChanges().point("flood", new MetricLine(MetricLine.LOSS, i, i, i * 0.5));
                if (i % 2000 == 1999) {
                    Thread.sleep(20);
                }
            }
            Await.until(Duration.ofSeconds(30), "the stalled client dropped", () -> server.server.runChanges().listenerCount() == 1);
            Await.until(Duration.ofSeconds(60), "every value at the reading client", () -> reader.points("flood", MetricLine.LOSS).size() == total);
            List<MetricLine> got = reader.points("flood", MetricLine.LOSS);
            for (int i = 0; i < total; i++) {
                assertEquals(i, got.get(i).step(), "in order, none lost");
            }
            assertTrue(reader.of("points").size() < total / 100, "batched: " + reader.of("points").size() + " events for " + total + " values");
        }
    }
}
