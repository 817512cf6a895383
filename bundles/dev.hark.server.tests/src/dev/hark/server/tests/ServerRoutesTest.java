package dev.hark.server.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.hark.server.rest.RouteTable;
import dev.hark.testing.RunningServer;

/** The real server's route table against docs/protocol.md, and the event streams' bound. */
class ServerRoutesTest {

    /** Every REST route docs/protocol.md lists, with a concrete path. */
    static final List<String[]> DOCUMENTED = List.of(
            new String[] { "GET", "/", "/" },
            new String[] { "GET", "/api", "/api" },
            new String[] { "GET", "/api/health", "/api/health" },
            new String[] { "GET", "/api/config", "/api/config" },
            new String[] { "GET", "/api/status", "/api/status" },
            new String[] { "GET", "/api/models", "/api/models" },
            new String[] { "DELETE", "/api/models/{name}", "/api/models/ctc-digits-epoch-1" },
            new String[] { "DELETE", "/api/models", "/api/models" },
            new String[] { "GET", "/api/models/bulk-download", "/api/models/bulk-download" },
            new String[] { "GET", "/api/checkpoints", "/api/checkpoints" },
            new String[] { "POST", "/api/inference", "/api/inference" },
            new String[] { "GET", "/api/events", "/api/events" },
            new String[] { "GET", "/api/progress", "/api/progress" },
            new String[] { "POST", "/api/train/start", "/api/train/start" },
            new String[] { "POST", "/api/train/resume", "/api/train/resume" },
            new String[] { "POST", "/api/train/stop", "/api/train/stop" },
            new String[] { "GET", "/api/datasets", "/api/datasets" },
            new String[] { "GET", "/api/datasets/{name}", "/api/datasets/digits" },
            new String[] { "DELETE", "/api/datasets/{name}", "/api/datasets/digits" },
            new String[] { "POST", "/api/dataset/download", "/api/dataset/download" },
            new String[] { "POST", "/api/dataset/generate", "/api/dataset/generate" },
            new String[] { "GET", "/v2/runs", "/v2/runs" },
            new String[] { "GET", "/v2/runs/events", "/v2/runs/events" },
            new String[] { "GET", "/v2/runs/{id}", "/v2/runs/20261127-141830-ctc-digits" },
            new String[] { "DELETE", "/v2/runs/{id}", "/v2/runs/20261127-141830-ctc-digits" },
            new String[] { "GET", "/v2/runs/{id}/scalars", "/v2/runs/20261127-141830-ctc-digits/scalars" },
            new String[] { "POST", "/v2/runs/{id}/evaluations", "/v2/runs/20261127-141830-ctc-digits/evaluations" },
            new String[] { "GET", "/v2/runs/{id}/evaluations", "/v2/runs/20261127-141830-ctc-digits/evaluations" },
            new String[] { "GET", "/v2/runs/{id}/evaluations/{eid}", "/v2/runs/20261127-141830-ctc-digits/evaluations/e1" },
            new String[] { "DELETE", "/v2/runs/{id}/evaluations/{eid}", "/v2/runs/20261127-141830-ctc-digits/evaluations/e1" });

    @TempDir
    static Path data;
    static RunningServer server;

    @BeforeAll
    static void startServer() throws Exception {
        server = RunningServer.start(data);
    }

    @AfterAll
    static void stopServer() throws Exception {
        server.close();
    }

    @Test
    void everyDocumentedRouteResolvesAndNothingElseIsRouted() {
        RouteTable routes = server.server.routes();
        Map<String, Set<String>> documented = new TreeMap<>();
        for (String[] r : DOCUMENTED) {
            RouteTable.Match m = routes.match(r[0], r[2]);
            assertEquals(200, m.status(), r[0] + " " + r[2] + " -> " + m);
            assertEquals(r[1], m.template(), r[0] + " " + r[2]);
            documented.computeIfAbsent(r[1], k -> new TreeSet<>()).add(r[0]);
        }
        Map<String, Set<String>> served = new TreeMap<>();
        routes.routes().forEach((t, methods) -> served.put(t, new TreeSet<>(methods)));
        served.remove("/api/"); // the welcome message, also at /api/
        assertEquals(documented, served, "the server routes exactly what docs/protocol.md lists");
    }

    @Test
    void unknownRoutesAndWrongMethodsOverHttp() throws Exception {
        HttpResponse<String> none = server.get("/api/nothing/here");
        assertEquals(404, none.statusCode());
        assertEquals("no route GET /api/nothing/here", RunningServer.json(none.body()).get("detail").getAsString());
        HttpResponse<String> wrong = server.send(HttpRequest.newBuilder(server.http("/api/health")).DELETE());
        assertEquals(405, wrong.statusCode(), wrong.body());
        assertEquals("GET", wrong.headers().firstValue("allow").orElse(""));
        assertTrue(RunningServer.json(wrong.body()).get("detail").getAsString().contains("DELETE"), wrong.body());
        HttpResponse<String> getTrain = server.get("/api/train/start");
        assertEquals(405, getTrain.statusCode(), getTrain.body());
    }

    @Test
    void eventStreamsBeyondTheBoundAreRefusedWith503() throws Exception {
        String old = System.getProperty("hark.server.maxEventStreams");
        System.setProperty("hark.server.maxEventStreams", "1");
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        try (RunningServer small = RunningServer.start(data.resolve("small"))) {
            HttpResponse<java.io.InputStream> first = client.send(HttpRequest.newBuilder(small.http("/api/events")).GET().build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            try (var body = first.body()) {
                assertEquals(200, first.statusCode());
                dev.hark.testing.Await.until(Duration.ofSeconds(10), "the first stream", () -> small.server.trainingEvents().listenerCount() > 0);
                HttpResponse<String> second = small.get("/api/events");
                assertEquals(503, second.statusCode(), second.body());
                assertTrue(RunningServer.json(second.body()).get("detail").getAsString().contains("too many event streams"), second.body());
                // the runs' stream shares the bound: no writer thread beyond it
                HttpResponse<String> runs = small.get("/v2/runs/events");
                assertEquals(503, runs.statusCode(), runs.body());
            }
        } finally {
            if (old == null) {
                System.clearProperty("hark.server.maxEventStreams");
            } else {
                System.setProperty("hark.server.maxEventStreams", old);
            }
            client.close();
        }
    }
}
