package dev.hark.services.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import dev.hark.api.HarkApi;
import dev.hark.api.HarkApiException;
import dev.hark.protocol.rest.BulkDeleteResult;
import dev.hark.protocol.rest.DatasetInfo;

/**
 * The REST client against a stand-in for the old asr-test backend (backend-6cd623a): the routes it lacks
 * answer as it does (compat/fixtures/routes-missing.json: {@code GET /api/datasets} 404, bulk delete and bulk
 * download 405, FastAPI's {@code {"detail": ...}}), and every request is recorded.
 */
class OldBackendApiTest {

    HttpServer server;
    HarkApi api;
    final List<String> requests = new CopyOnWriteArrayList<>();
    final List<String> upgrades = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
        api = new HarkApi(URI.create("http://127.0.0.1:" + server.getAddress().getPort()), null);
    }

    @AfterEach
    void stop() {
        api.close();
        server.stop(0);
    }

    private void handle(HttpExchange x) throws java.io.IOException {
        String path = x.getRequestURI().getPath();
        String method = x.getRequestMethod();
        requests.add(x.getProtocol() + " " + method + " " + path);
        String upgrade = x.getRequestHeaders().getFirst("Upgrade");
        upgrades.add(upgrade == null ? "" : upgrade);
        int status;
        String body;
        if (path.equals("/api/config")) {
            status = 200;
            body = "{\"available_models\": [\"conformer\", \"realtime\"], \"available_datasets\": [\"ljspeech\"], \"training_config\": {}}";
        } else if (path.equals("/api/models") && method.equals("GET")) {
            status = 200; // compat/fixtures/models-after-migration.json: no model_name or dataset_name, epoch null
            body = "{\"models\": [{\"name\": \"realtime-ljspeech-epoch-1\", \"path\": \"/app/checkpoints/realtime-ljspeech-epoch-1\","
                    + " \"epoch\": null, \"size_mb\": 17.67, \"file_count\": 7, \"created_at\": 1795775834.6475646, \"files\": []}]}";
        } else if (path.equals("/api/checkpoints")) {
            status = 200; // compat/fixtures/checkpoints-after-migration.json
            body = "{\"checkpoints\": [{\"name\": \"realtime-ljspeech-epoch-1\", \"model_name\": \"realtime\", \"dataset_name\": \"ljspeech\","
                    + " \"epoch\": 1, \"path\": \"/app/checkpoints/realtime-ljspeech-epoch-1\", \"size_mb\": 17.67, \"file_count\": 7,"
                    + " \"created_at\": 1795775834.6475646, \"files\": []}]}";
        } else if (path.equals("/api/models") && method.equals("DELETE") || path.equals("/api/models/bulk-download")) {
            status = 405;
            body = "{\"detail\": \"Method Not Allowed\"}";
        } else if (path.startsWith("/api/models/") && method.equals("DELETE")) {
            status = path.endsWith("/missing") ? 404 : 200;
            body = status == 200 ? "{\"message\": \"deleted\"}" : "{\"detail\": \"Model not found\"}";
        } else {
            status = 404;
            body = "{\"detail\": \"Not Found\"}";
        }
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().add("Content-Type", "application/json");
        x.sendResponseHeaders(status, b.length);
        x.getResponseBody().write(b);
        x.close();
    }

    @Test
    void requestsAreHttp11WithoutAnH2cUpgrade() throws Exception {
        api.config();
        assertEquals(List.of("HTTP/1.1 GET /api/config"), requests);
        assertEquals(List.of(""), upgrades, "Java's h2c upgrade header gets a 400 from some servers");
    }

    @Test
    void datasetsComeFromTheConfigWithoutApiDatasets() throws Exception {
        List<DatasetInfo> datasets = api.datasets();
        assertEquals(List.of("ljspeech"), datasets.stream().map(DatasetInfo::name).toList());
        assertTrue(requests.contains("HTTP/1.1 GET /api/datasets"));
    }

    @Test
    void bulkDeleteFallsBackToOneByOne() throws Exception {
        BulkDeleteResult r = api.deleteModels(List.of("realtime-ljspeech-a", "missing"));
        assertEquals(List.of("realtime-ljspeech-a"), r.deleted());
        assertEquals(1, r.failed().size());
        assertEquals("missing", r.failed().getFirst().modelName());
        assertTrue(requests.contains("HTTP/1.1 DELETE /api/models/realtime-ljspeech-a"), requests.toString());
    }

    @Test
    void modelsTakeTheirModelDatasetAndEpochFromApiCheckpoints() throws Exception {
        var m = api.models().getFirst();
        assertEquals("realtime-ljspeech-epoch-1", m.name());
        assertEquals("realtime", m.modelName());
        assertEquals("ljspeech", m.datasetName());
        assertEquals(1, m.epoch());
        assertTrue(requests.contains("HTTP/1.1 GET /api/checkpoints"), requests.toString());
    }

    @Test
    void datasetGenerationAndDeletionAreNotSupported() throws Exception {
        HarkApiException generate = assertThrows(HarkApiException.class,
                () -> api.generateDataset(dev.hark.protocol.rest.GenerateRequest.of("digits", "digits", 10, null)));
        assertTrue(generate.notSupported(), generate.getMessage());
        assertTrue(requests.contains("HTTP/1.1 POST /api/dataset/generate"), requests.toString());
        HarkApiException delete = assertThrows(HarkApiException.class, () -> api.deleteDataset("ljspeech"));
        assertTrue(delete.notSupported(), delete.getMessage());
        assertTrue(requests.contains("HTTP/1.1 DELETE /api/datasets/ljspeech"), requests.toString());
    }

    @Test
    void bulkDownloadIsNotSupported() throws Exception {
        Path target = Files.createTempFile("hark-old", ".zip");
        HarkApiException e = assertThrows(HarkApiException.class, () -> api.downloadModels(List.of("a"), target));
        assertTrue(e.notSupported(), e.getMessage());
        assertEquals(405, e.status());
        assertTrue(Files.notExists(target));
    }
}
