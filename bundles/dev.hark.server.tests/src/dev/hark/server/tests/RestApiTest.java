package dev.hark.server.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import dev.hark.core.audio.PcmDecoder;
import dev.hark.core.audio.PcmFormat;
import dev.hark.server.ServerConfig;
import dev.hark.testing.RunningServer;
import dev.hark.testing.TestSocket;
import dev.hark.testing.WordErrorRate;

/** The /api routes over real HTTP. */
class RestApiTest {

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

    /** A checkpoint folder laid out as v1's trainer writes them (the trainer itself comes with the training issue). */
    static void checkpoint(String name, int epoch) throws Exception {
        Path dir = Files.createDirectories(data.resolve("checkpoints").resolve(name));
        Files.writeString(dir.resolve("training_metadata.json"), "{\"model_name\":\"ctc\",\"dataset_name\":\"digits\",\"current_epoch\":"
                + epoch + ",\"training_params\":{\"epochs\":3,\"batch_size\":16}}");
        Files.write(dir.resolve("model.params"), new byte[4096]);
    }

    @Test
    void healthConfigAndStatus() throws Exception {
        JsonObject health = RunningServer.json(server.get("/api/health").body());
        assertEquals("ok", health.get("status").getAsString());
        JsonObject config = RunningServer.json(server.get("/api/config").body());
        assertTrue(config.getAsJsonArray("available_models").toString().contains("en-us-digits"), config.toString());
        // the trainable model first: the asr-test frontend's pickers (training's too) preselect the first entry
        assertEquals("ctc", config.getAsJsonArray("available_models").get(0).getAsString(), config.toString());
        assertFalse(RunningServer.json(server.get("/api/status").body()).get("is_training").getAsBoolean());
    }

    @Test
    void modelsListBuiltInsAndCheckpoints() throws Exception {
        checkpoint("ctc-digits-epoch-2", 2);
        // v1's listing: trained models only, created_at in epoch seconds (the frontend calls datetime.fromtimestamp)
        JsonArray trainedOnly = RunningServer.json(server.get("/api/models").body()).getAsJsonArray("models");
        for (JsonElement e : trainedOnly) {
            JsonObject m = e.getAsJsonObject();
            assertFalse(m.get("path").isJsonNull(), "only checkpoint folders by default: " + trainedOnly);
            double created = m.get("created_at").getAsJsonPrimitive().getAsDouble();
            assertTrue(m.get("created_at").getAsJsonPrimitive().isNumber(), m.toString());
            assertTrue(Math.abs(created - System.currentTimeMillis() / 1000.0) < 3600, "epoch seconds: " + m);
        }
        find(trainedOnly, "ctc-digits-epoch-2");
        JsonObject checkpointEntry = RunningServer.json(server.get("/api/checkpoints").body()).getAsJsonArray("checkpoints").get(0)
                .getAsJsonObject();
        assertTrue(checkpointEntry.get("created_at").getAsJsonPrimitive().isNumber(), checkpointEntry.toString());
        assertEquals(400, server.get("/api/models?include=everything").statusCode());
        // Hark's clients ask for the engine models too
        JsonArray models = RunningServer.json(server.get("/api/models?include=engine").body()).getAsJsonArray("models");
        find(models, "ctc");
        JsonObject builtIn = find(models, "en-us");
        assertTrue(builtIn.get("built_in").getAsBoolean());
        assertEquals("pocketsphinx", builtIn.get("engine").getAsString());
        JsonObject trained = find(models, "ctc-digits-epoch-2");
        assertFalse(trained.get("built_in").getAsBoolean());
        assertEquals(2, trained.get("epoch").getAsInt());
        assertEquals("digits", trained.get("dataset_name").getAsString());
        assertEquals(2, trained.get("file_count").getAsInt());
        JsonArray cps = RunningServer.json(server.get("/api/checkpoints?dataset_name=digits").body()).getAsJsonArray("checkpoints");
        assertTrue(cps.toString().contains("ctc-digits-epoch-2"));
        assertEquals(0, RunningServer.json(server.get("/api/checkpoints?dataset_name=jsut").body()).getAsJsonArray("checkpoints").size());
    }

    private static JsonObject find(JsonArray models, String name) {
        for (JsonElement e : models) {
            if (e.getAsJsonObject().get("name").getAsString().equals(name)) {
                return e.getAsJsonObject();
            }
        }
        throw new AssertionError(name + " not in " + models);
    }

    @Test
    void deletingRefusesBuiltInsAndHostileNames() throws Exception {
        checkpoint("ctc-digits-epoch-1", 1);
        HttpResponse<String> builtIn = server.send(HttpRequest.newBuilder(server.http("/api/models/en-us")).DELETE());
        assertEquals(400, builtIn.statusCode());
        assertTrue(builtIn.body().contains("built-in"), builtIn.body());
        for (String hostile : List.of("..%2F..%2Fetc", "%2Fetc%2Fpasswd", "a%00b", ".hidden")) {
            HttpResponse<String> r = server.send(HttpRequest.newBuilder(server.http("/api/models/" + hostile)).DELETE());
            assertEquals(400, r.statusCode(), hostile + ": " + r.body());
        }
        assertEquals(404, server.send(HttpRequest.newBuilder(server.http("/api/models/nothing-here")).DELETE()).statusCode());
        HttpResponse<String> ok = server.send(HttpRequest.newBuilder(server.http("/api/models/ctc-digits-epoch-1")).DELETE());
        assertEquals(200, ok.statusCode(), ok.body());
        assertFalse(Files.exists(data.resolve("checkpoints/ctc-digits-epoch-1")));
        assertTrue(Files.exists(data), "the data folder itself survives");
    }

    @Test
    void bulkDeleteAndZipDownload() throws Exception {
        checkpoint("ctc-digits-epoch-5", 5);
        checkpoint("ctc-digits-epoch-6", 6);
        HttpResponse<byte[]> zip = server.sendForBytes(HttpRequest.newBuilder(
                server.http("/api/models/bulk-download?model_names=ctc-digits-epoch-5&model_names=ctc-digits-epoch-6")).GET());
        assertEquals(200, zip.statusCode());
        assertTrue(zip.headers().firstValue("content-disposition").orElse("").matches(".*models_\\d{8}_\\d{6}\\.zip.*"));
        List<String> entries = new ArrayList<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip.body()))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null;) {
                entries.add(e.getName());
            }
        }
        assertTrue(entries.contains("ctc-digits-epoch-5/model.params") && entries.contains("ctc-digits-epoch-6/training_metadata.json"), entries.toString());
        assertEquals(400, server.get("/api/models/bulk-download?model_names=en-us").statusCode());

        HttpResponse<String> bulk = server.send(HttpRequest.newBuilder(server.http("/api/models"))
                .method("DELETE", HttpRequest.BodyPublishers.ofString("[\"ctc-digits-epoch-5\",\"en-us\",\"../x\",\"ctc-digits-epoch-6\"]")));
        JsonObject result = RunningServer.json(bulk.body());
        assertEquals(2, result.getAsJsonArray("deleted").size(), bulk.body());
        assertEquals(2, result.getAsJsonArray("failed").size(), bulk.body());
        assertEquals(400, server.send(HttpRequest.newBuilder(server.http("/api/models"))
                .method("DELETE", HttpRequest.BodyPublishers.ofString("{not json"))).statusCode());
    }

    static byte[] wav(float[] samples, int rate) throws Exception {
        byte[] pcm = PcmDecoder.encode(samples, PcmFormat.I16);
        AudioFormat format = new AudioFormat(rate, 16, 1, true, false);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        AudioSystem.write(new AudioInputStream(new ByteArrayInputStream(pcm), format, samples.length), AudioFileFormat.Type.WAVE, out);
        return out.toByteArray();
    }

    private static HttpResponse<String> upload(String query, String fileName, byte[] content) throws Exception {
        return upload(server, query, fileName, content);
    }

    /** A multipart {@code POST /api/inference} to {@code server}. */
    static HttpResponse<String> upload(RunningServer server, String query, String fileName, byte[] content) throws Exception {
        String boundary = "hark-test-boundary";
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + fileName
                + "\"\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.write(content);
        body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return server.send(HttpRequest.newBuilder(server.http("/api/inference" + query))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())));
    }

    @Test
    void inferenceOnAnUploadedFileWithV1Timings() throws Exception {
        HttpResponse<String> r = upload("?model_name=conformer", "hello.wav", wav(Audio.utterance(Audio.SENTENCE, 22_050), 22_050));
        assertEquals(200, r.statusCode(), r.body());
        JsonObject o = RunningServer.json(r.body());
        String text = o.get("transcription").getAsString();
        assertTrue(WordErrorRate.of(Audio.SENTENCE, text) <= 0.3, text);
        double first = o.get("first_token_time_ms").getAsDouble();
        double inference = o.get("inference_time_ms").getAsDouble();
        double total = o.get("total_time_ms").getAsDouble();
        assertTrue(first > 0 && inference > 0 && total >= inference, r.body());
        assertTrue(o.get("checkpoint").isJsonNull(), "a built-in model names no checkpoint: " + r.body());
    }

    @Test
    void flacOggAndMp3UploadsAreDecodedWithFfmpeg(@TempDir Path work) throws Exception {
        Path wav = work.resolve("speech.wav");
        Files.write(wav, wav(Audio.utterance(Audio.SENTENCE, 22_050), 22_050));
        for (String ext : List.of("flac", "ogg", "mp3")) {
            Path encoded = work.resolve("speech." + ext);
            Process p = new ProcessBuilder("ffmpeg", "-nostdin", "-loglevel", "error", "-i", wav.toString(), "-y", encoded.toString())
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, p.waitFor(), "ffmpeg encodes the test file: " + out);
            HttpResponse<String> r = upload("?model_name=en-us", "speech." + ext, Files.readAllBytes(encoded));
            assertEquals(200, r.statusCode(), ext + ": " + r.body());
            String text = RunningServer.json(r.body()).get("transcription").getAsString();
            assertTrue(WordErrorRate.of(Audio.SENTENCE, text) <= 0.3, ext + ": " + text);
        }
    }

    @Test
    void inferenceRefusesGarbagePathsAndUnknownModels() throws Exception {
        HttpResponse<String> garbage = upload("", "notes.mp3", "ID3 definitely not audio".getBytes(StandardCharsets.UTF_8));
        assertEquals(415, garbage.statusCode(), garbage.body());
        assertTrue(garbage.body().contains("notes.mp3"), garbage.body());
        assertTrue(garbage.body().contains("WAV"), garbage.body());
        assertEquals(404, upload("?model_name=nope", "a.wav", wav(new float[1600], 16_000)).statusCode());
        HttpResponse<String> path = upload("?checkpoint_path=/etc/passwd", "a.wav", wav(new float[1600], 16_000));
        assertEquals(400, path.statusCode(), path.body());
        String escape = java.net.URLEncoder.encode(data.resolve("checkpoints").resolve("..").resolve("..").resolve("x").toString(),
                StandardCharsets.UTF_8);
        assertEquals(400, upload("?checkpoint_path=" + escape, "a.wav", wav(new float[1600], 16_000)).statusCode());
        // the trainable model by name, before any checkpoint of it exists: a clear error
        HttpResponse<String> untrained = upload("?model_name=ctc", "a.wav", wav(new float[1600], 16_000));
        assertEquals(503, untrained.statusCode(), untrained.body());
        assertTrue(untrained.body().contains("no trained checkpoint yet"), untrained.body());
        HttpResponse<String> notMultipart = server.send(HttpRequest.newBuilder(server.http("/api/inference"))
                .POST(HttpRequest.BodyPublishers.ofString("x")));
        assertEquals(400, notMultipart.statusCode());
    }

    @Test
    void trainingRoutesAnswerInV1Shapes() throws Exception {
        JsonObject progress = RunningServer.json(server.get("/api/progress").body());
        for (String key : List.of("is_training", "current_epoch", "current_step", "total_epochs", "total_steps", "current_loss",
                "current_learning_rate", "progress", "latest_logs", "server_time")) {
            assertTrue(progress.has(key), key + " in " + progress);
        }
        HttpResponse<String> stop = server.send(HttpRequest.newBuilder(server.http("/api/train/stop")).POST(HttpRequest.BodyPublishers.ofString("{}")));
        assertEquals(404, stop.statusCode(), stop.body());
        HttpResponse<String> noDataset = server.send(HttpRequest.newBuilder(server.http("/api/train/start"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"model_name\":\"ctc\",\"dataset_name\":\"nothing-here\"}")));
        assertEquals(400, noDataset.statusCode(), noDataset.body());
        HttpResponse<String> badJson = server.send(HttpRequest.newBuilder(server.http("/api/train/start"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"epochs\":\"ten\"}")));
        assertEquals(400, badJson.statusCode(), badJson.body());
        HttpResponse<String> unknown = server.send(HttpRequest.newBuilder(server.http("/api/dataset/download"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"dataset_name\":\"nothing-known\"}")));
        assertEquals(404, unknown.statusCode(), unknown.body());
        JsonArray datasets = RunningServer.json(server.get("/api/datasets").body()).getAsJsonArray("datasets");
        assertTrue(datasets.toString().contains("ljspeech") && datasets.toString().contains("not_downloaded"), datasets.toString());
        assertEquals(404, server.get("/api/nothing").statusCode());
    }

    @Test
    void serverSentEventsCarryTrainingEvents() throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        HttpResponse<java.io.InputStream> stream = client.send(HttpRequest.newBuilder(server.http("/api/events")).GET().build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, stream.statusCode());
        assertTrue(stream.headers().firstValue("content-type").orElse("").startsWith("text/event-stream"));
        try (var reader = new java.io.BufferedReader(new java.io.InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
            dev.hark.testing.Await.until(Duration.ofSeconds(10), "the SSE subscription",
                    () -> server.server.trainingEvents().listenerCount() > 0);
            server.server.trainingEvents().publish(new dev.hark.protocol.training.TrainingLog("INFO", "epoch 1 started"));
            String line;
            String event = null;
            while ((line = reader.readLine()) != null) {
                if (line.startsWith("event: ")) {
                    event = line.substring(7);
                }
                if (line.startsWith("data: ")) {
                    assertEquals("log", event);
                    assertEquals("epoch 1 started", RunningServer.json(line.substring(6)).get("message").getAsString());
                    break;
                }
            }
        }
    }

    @Test
    void aTokenGuardsRestAndSockets(@TempDir Path guarded) throws Exception {
        try (RunningServer secured = RunningServer.start(ServerConfig.defaults().withPort(0).withDataDir(guarded).withToken("s3cret"))) {
            HttpClient plain = HttpClient.newHttpClient();
            URI health = secured.http("/api/health");
            assertEquals(401, plain.send(HttpRequest.newBuilder(health).build(), HttpResponse.BodyHandlers.ofString()).statusCode());
            assertEquals(401, plain.send(HttpRequest.newBuilder(health).header("Authorization", "Bearer wrong").build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode());
            assertEquals(200, secured.get("/api/health").statusCode());
            assertEquals(200, plain.send(HttpRequest.newBuilder(secured.http("/api/health?token=s3cret")).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode());
            try {
                TestSocket.open(secured.server.v1StreamUri()).close();
                throw new AssertionError("the socket opened without a token");
            } catch (Exception expected) {
                // upgrade refused with 401
            }
            try (TestSocket s = TestSocket.open(secured.server.v1StreamUri(), "s3cret")) {
                s.text("{\"type\":\"stop\"}");
                assertTrue(Messages.isV1Status(s.next(Duration.ofSeconds(10)), "stopped"));
            }
        }
    }

    @Test
    void offLoopbackWithoutATokenIsRefused() {
        ServerConfig open = ServerConfig.defaults().withHost("0.0.0.0").withPort(0);
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, open::validate);
        assertTrue(e.getMessage().contains("token"));
        open.withToken("t").validate();
    }
}
