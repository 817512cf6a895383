package dev.hark.services.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.hark.api.HarkApi;
import dev.hark.api.HarkApiException;
import dev.hark.protocol.rest.BulkDeleteResult;
import dev.hark.protocol.rest.DatasetInfo;
import dev.hark.protocol.rest.Health;
import dev.hark.protocol.rest.InferenceResult;
import dev.hark.protocol.rest.ModelEntry;
import dev.hark.protocol.rest.ProgressReport;
import dev.hark.protocol.rest.ServerConfig;
import dev.hark.testing.RunningServer;
import dev.hark.testing.Speech;

/** The client's records read what a real Hark server writes, over one HTTP client. */
class HarkApiTest {

    static Path dir;
    static RunningServer server;
    static HarkApi api;

    @BeforeAll
    static void start() throws Exception {
        dir = Files.createTempDirectory("hark-api-test");
        server = RunningServer.start(dir.resolve("data"));
        api = new HarkApi(server.server.httpUri(), null);
    }

    @AfterAll
    static void stop() throws Exception {
        if (api != null) {
            api.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void healthAndConfig() throws Exception {
        Health h = api.health();
        assertEquals("ok", h.status());
        assertTrue(h.models() > 0, "models: " + h.models());
        ServerConfig c = api.config();
        assertTrue(c.availableModels().contains("en-us-digits"), "models: " + c.availableModels());
        assertNotNull(c.trainingConfig());
    }

    @Test
    void modelsAreRecordsWithTheirEngine() throws Exception {
        List<ModelEntry> models = api.models();
        ModelEntry digits = models.stream().filter(m -> m.name().equals("en-us-digits")).findFirst().orElseThrow();
        assertEquals("pocketsphinx", digits.engine());
        assertEquals(Boolean.TRUE, digits.builtIn());
        assertTrue(digits.sampleRate() > 0);
        assertTrue(api.checkpoints().isEmpty());
    }

    @Test
    void bulkDeleteOfUnknownNamesReportsEachFailure() throws Exception {
        BulkDeleteResult r = api.deleteModels(List.of("no-such-checkpoint"));
        assertTrue(r.deleted() == null || r.deleted().isEmpty(), "deleted: " + r.deleted());
        assertEquals(1, r.failed().size());
        assertEquals("no-such-checkpoint", r.failed().get(0).modelName());
    }

    @Test
    void anErrorCarriesTheServersDetailAndStatus() {
        HarkApiException e = assertThrows(HarkApiException.class, () -> api.deleteDataset("no-such-dataset"));
        assertTrue(e.status() >= 400 && e.status() < 500, "status " + e.status());
        assertFalse(e.getMessage().startsWith("HTTP "), "the detail, not the status: " + e.getMessage());
    }

    @Test
    void datasetsAndProgress() throws Exception {
        List<DatasetInfo> datasets = api.datasets();
        assertNotNull(datasets);
        datasets.forEach(d -> assertNotNull(d.name()));
        ProgressReport p;
        try {
            p = api.progress();
        } catch (HarkApiException e) {
            assertEquals(503, e.status(), "a server without training answers 503: " + e.getMessage());
            return;
        }
        assertFalse(p.isTraining());
    }

    @Test
    void fileInferenceSendsTheFileAsMultipart() throws Exception {
        var speech = Speech.flite("four two seven one", "slt");
        Path wav = Speech.writeWav(dir.resolve("it's \"quoted\".wav"), speech.samples(), speech.sampleRate());
        InferenceResult r = api.inference(wav, "en-us-digits");
        assertEquals("en-us-digits", r.modelName());
        assertTrue(r.audioSeconds() > 0.5, "audio seconds: " + r.audioSeconds());
        assertTrue(r.transcription().contains("four") || r.transcription().contains("seven"), "transcription: " + r.transcription());
        assertTrue(r.totalTimeMs() >= r.inferenceTimeMs());
    }

    @Test
    void theEventStreamIsOpen() throws Exception {
        try (InputStream in = api.events().orElseThrow()) {
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            // the server says hello at once (a comment or an event), so a client knows it is connected
            assertNotNull(r.readLine());
        }
    }
}
