package dev.hark.server.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.hark.protocol.ProtocolJson;
import dev.hark.protocol.rest.InferenceEvent;
import dev.hark.testing.Await;
import dev.hark.testing.RunningServer;
import dev.hark.testing.Speech;
import dev.hark.testing.WordErrorRate;

/**
 * {@code POST /api/inference?progress=true} on a real server with a long recording: progress lines that move,
 * then the result; and a client that goes away mid-way makes the server stop decoding within a second or two.
 */
class InferenceProgressTest {

    static final String SENTENCE = "the weather is nice today please call me tomorrow morning";
    static Path dir;
    static RunningServer server;
    static byte[] longWav;
    static double seconds;
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeAll
    static void start() throws Exception {
        dir = Files.createTempDirectory("hark-inference-progress");
        server = RunningServer.start(dir.resolve("data"));
        var speech = Speech.flite(SENTENCE, "slt");
        List<float[]> parts = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            parts.add(speech.samples());
            parts.add(Speech.silence(1.0, speech.sampleRate()));
        }
        float[] all = Speech.concat(parts.toArray(float[][]::new));
        seconds = all.length / (double) speech.sampleRate();
        longWav = Files.readAllBytes(Speech.writeWav(dir.resolve("long.wav"), all, speech.sampleRate()));
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    private static HttpResponse<InputStream> post(String query) throws Exception {
        String boundary = "hark-progress-boundary";
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"long.wav\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.write(longWav);
        body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return HTTP.send(HttpRequest.newBuilder(server.http("/api/inference" + query)).timeout(Duration.ofMinutes(5))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build(), HttpResponse.BodyHandlers.ofInputStream());
    }

    @Test
    void progressLinesMoveAndEndWithTheResult() throws Exception {
        HttpResponse<InputStream> r = post("?progress=true&model_name=en-us");
        assertEquals(200, r.statusCode());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/x-ndjson"), r.headers().toString());
        List<InferenceEvent.Progress> progress = new ArrayList<>();
        InferenceEvent last = null;
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                last = ProtocolJson.fromJson(line, InferenceEvent.class);
                if (last.progress() != null) {
                    progress.add(last.progress());
                }
            }
        }
        assertNotNull(last);
        assertNotNull(last.result(), "the last line is the result: " + last);
        System.out.printf("%.0f s file: %d progress lines, result in %.0f ms%n", seconds, progress.size(), last.result().totalTimeMs());
        assertTrue(progress.size() >= 3, "progress while decoding " + seconds + " s: " + progress);
        for (int i = 1; i < progress.size(); i++) {
            assertTrue(progress.get(i).doneSeconds() >= progress.get(i - 1).doneSeconds(), progress.toString());
        }
        assertEquals(seconds, progress.getLast().totalSeconds(), 0.1);
        assertEquals(seconds, progress.getLast().doneSeconds(), 0.1, "the last report is the whole file");
        assertTrue(progress.getFirst().doneSeconds() < seconds / 2, "the first report comes early: " + progress.getFirst());
        String text = last.result().transcription();
        assertTrue(WordErrorRate.of((SENTENCE + " ").repeat(12).strip(), text) <= 0.3, text);
        assertEquals(0, InferenceProgressReply.DECODING.get());
    }

    @Test
    void aClientThatGoesAwayStopsTheDecoding() throws Exception {
        HttpResponse<InputStream> r = post("?progress=true&model_name=en-us");
        assertEquals(200, r.statusCode());
        BufferedReader lines = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8));
        InferenceEvent first = ProtocolJson.fromJson(lines.readLine(), InferenceEvent.class);
        ProtocolJson.fromJson(lines.readLine(), InferenceEvent.class);
        assertNotNull(first.progress(), first.toString());
        assertEquals(1, InferenceProgressReply.DECODING.get(), "decoding while the client reads");
        long closed = System.nanoTime();
        r.body().close(); // the client's Cancel
        Await.until(Duration.ofSeconds(5), "the server to stop decoding for a client that is gone",
                () -> InferenceProgressReply.DECODING.get() == 0);
        double stoppedAfter = (System.nanoTime() - closed) / 1e9;
        System.out.printf("decoding stopped %.2f s after the client closed (file %.0f s)%n", stoppedAfter, seconds);
        // the plain request still answers as v1 did
        HttpResponse<InputStream> plain = post("?model_name=en-us");
        assertEquals(200, plain.statusCode());
        assertTrue(plain.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        try (InputStream in = plain.body()) {
            assertTrue(new String(in.readAllBytes(), StandardCharsets.UTF_8).contains("\"transcription\""));
        }
    }

    @Test
    void anUnknownModelIsStillAPlainError() throws Exception {
        HttpResponse<InputStream> r = post("?progress=true&model_name=nope");
        try (InputStream in = r.body()) {
            assertEquals(404, r.statusCode(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }
}
