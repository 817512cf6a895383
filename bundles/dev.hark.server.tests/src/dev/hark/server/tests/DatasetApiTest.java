package dev.hark.server.tests;

import dev.hark.testing.RunningServer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.commons.compress.archivers.ArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.gson.JsonObject;

import dev.hark.testing.Await;
import dev.hark.testing.TestSocket;
import dev.hark.training.data.SyntheticGenerator;

/**
 * Dataset download from a local HTTP server (.tar.gz, .tar.bz2, .zip; checksum; hostile entries), listing, the
 * generator and deletion, through the REST API.
 */
class DatasetApiTest {

    @TempDir
    static Path data;
    static RunningServer server;
    static Server http;
    static final Map<String, byte[]> FILES = new LinkedHashMap<>();

    @BeforeAll
    static void start() throws Exception {
        http = new Server();
        ServerConnector c = new ServerConnector(http);
        c.setHost("127.0.0.1");
        c.setPort(0);
        http.addConnector(c);
        http.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                byte[] body = FILES.get(Request.getPathInContext(request));
                if (body == null) {
                    response.setStatus(404);
                    callback.succeeded();
                    return true;
                }
                response.setStatus(200);
                response.getHeaders().put("Content-Length", Long.toString(body.length));
                response.write(true, ByteBuffer.wrap(body), callback);
                return true;
            }
        });
        http.start();
        String base = "http://127.0.0.1:" + c.getLocalPort();
        FILES.put("/ljs.tar.bz2", ljspeechTarBz2());
        FILES.put("/set.tar.gz", manifestTarGz());
        FILES.put("/jsut.zip", jsutZip());
        FILES.put("/not-an-archive", "hello".getBytes(StandardCharsets.UTF_8));
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(FILES.get("/set.tar.gz")));
        Files.createDirectories(data);
        Files.writeString(data.resolve("datasets.json"), "{"
                + "\"tiny-ljs\":{\"url\":\"" + base + "/ljs.tar.bz2\",\"layout\":\"ljspeech\"},"
                + "\"tiny-set\":{\"url\":\"" + base + "/set.tar.gz\",\"sha256\":\"" + sha + "\"},"
                + "\"tiny-jsut\":{\"url\":\"" + base + "/jsut.zip\"},"
                + "\"bad-sum\":{\"url\":\"" + base + "/set.tar.gz\",\"sha256\":\"00" + sha.substring(2) + "\"},"
                + "\"bad-archive\":{\"url\":\"" + base + "/not-an-archive\"},"
                + "\"missing\":{\"url\":\"" + base + "/nothing-here.zip\"}}");
        server = RunningServer.start(data);
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
        http.stop();
    }

    static byte[] wav(double seconds) throws IOException {
        Path f = Files.createTempFile("hark-wav", ".wav");
        short[] pcm = new short[(int) (seconds * 16000)];
        for (int i = 0; i < pcm.length; i++) {
            pcm[i] = (short) (3000 * Math.sin(i * 0.05));
        }
        SyntheticGenerator.writeWav(f, pcm);
        byte[] b = Files.readAllBytes(f);
        Files.delete(f);
        return b;
    }

    static void add(ArchiveOutputStream<TarArchiveEntry> tar, String name, byte[] bytes) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name);
        e.setSize(bytes.length);
        tar.putArchiveEntry(e);
        tar.write(bytes);
        tar.closeArchiveEntry();
    }

    static byte[] ljspeechTarBz2() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new BZip2CompressorOutputStream(out))) {
            add(tar, "LJSpeech-1.1/metadata.csv", "LJ001-0001|One two.|one two\nLJ001-0002|Three.|three\nbroken line\n"
                    .getBytes(StandardCharsets.UTF_8));
            add(tar, "LJSpeech-1.1/wavs/LJ001-0001.wav", wav(1.0));
            add(tar, "LJSpeech-1.1/wavs/LJ001-0002.wav", wav(0.5));
            add(tar, "../../escaped.txt", "zip slip".getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }

    static byte[] manifestTarGz() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(out))) {
            add(tar, "manifest.jsonl", ("{\"audio\":\"a.wav\",\"text\":\"one\",\"duration\":1.0}\n"
                    + "{\"audio\":\"b.wav\",\"text\":\"two\",\"duration\":2.0}\n").getBytes(StandardCharsets.UTF_8));
            add(tar, "a.wav", wav(1.0));
            add(tar, "b.wav", wav(2.0));
        }
        return out.toByteArray();
    }

    static byte[] jsutZip() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipArchiveOutputStream zip = new ZipArchiveOutputStream(out)) {
            for (Map.Entry<String, byte[]> e : Map.of("jsut_ver1.1/basic5000/transcript_utf8.txt",
                    "BASIC5000_0001:水をマレーシアから買わなくてはならないのです。\n".getBytes(StandardCharsets.UTF_8),
                    "jsut_ver1.1/basic5000/wav/BASIC5000_0001.wav", wav(1.5)).entrySet()) {
                zip.putArchiveEntry(new ZipArchiveEntry(e.getKey()));
                zip.write(e.getValue());
                zip.closeArchiveEntry();
            }
        }
        return out.toByteArray();
    }

    static HttpResponse<String> post(String path, String json) throws Exception {
        return server.send(HttpRequest.newBuilder(server.http(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    static JsonObject dataset(String name) throws Exception {
        return RunningServer.json(server.get("/api/datasets/" + name).body());
    }

    static void awaitEnd(String name) throws Exception {
        Await.until(Duration.ofSeconds(60), name, () -> {
            try {
                String s = dataset(name).get("status").getAsString();
                return !s.equals("downloading") && !s.equals("generating");
            } catch (Exception e) {
                return false;
            }
        });
    }

    @Test
    void downloadsExtractsAndListsEveryLayout() throws Exception {
        try (TestSocket events = TestSocket.open(server.server.v1StreamUri())) {
            for (String name : List.of("tiny-ljs", "tiny-set", "tiny-jsut")) {
                HttpResponse<String> r = post("/api/dataset/download", "{\"dataset_name\":\"" + name + "\"}");
                assertEquals(200, r.statusCode(), r.body());
                awaitEnd(name);
                JsonObject d = dataset(name);
                assertEquals("downloaded", d.get("status").getAsString(), d.toString());
            }
            JsonObject ljs = dataset("tiny-ljs");
            assertEquals(2, ljs.get("num_files").getAsInt(), ljs.toString());
            assertEquals(1, ljs.get("skipped_entries").getAsInt(), "the broken metadata line: " + ljs);
            assertEquals("ljspeech", ljs.getAsJsonObject("config").get("layout").getAsString());
            assertEquals(1.5 / 3600, ljs.get("hours").getAsDouble(), 0.001);
            assertFalse(Files.exists(data.resolve("escaped.txt")) || Files.exists(data.resolve("datasets").resolve("escaped.txt")),
                    "an entry outside the target must not be written");
            JsonObject set = dataset("tiny-set");
            assertEquals(2, set.get("num_files").getAsInt());
            assertEquals("manifest", set.getAsJsonObject("config").get("layout").getAsString());
            JsonObject jsut = dataset("tiny-jsut");
            assertEquals(1, jsut.get("num_files").getAsInt(), jsut.toString());
            assertEquals("jsut", jsut.getAsJsonObject("config").get("layout").getAsString());
            List<String> seen = events.drain();
            assertTrue(seen.stream().anyMatch(m -> Messages.type(m).equals("dataset_progress")), "progress events: " + seen);
            assertTrue(seen.stream().anyMatch(m -> Messages.type(m).equals("dataset_status")), "status events: " + seen);
        }
        String list = server.get("/api/datasets").body();
        assertTrue(list.contains("\"tiny-ljs\"") && list.contains("\"ljspeech\""), list);
        assertTrue(RunningServer.json(server.get("/api/config").body()).getAsJsonArray("available_datasets").toString().contains("tiny-set"));
        HttpResponse<String> again = post("/api/dataset/download", "{\"dataset_name\":\"tiny-set\"}");
        assertEquals(200, again.statusCode(), "already there");
        JsonObject exists = RunningServer.json(again.body());
        assertEquals("Dataset 'tiny-set' already exists", exists.get("message").getAsString(), again.body()); // v1's answer
        assertTrue(exists.get("num_wavs").getAsInt() > 0 && exists.get("path").getAsString().endsWith("tiny-set"), again.body());
        assertEquals(200, server.send(HttpRequest.newBuilder(server.http("/api/datasets/tiny-set")).DELETE()).statusCode());
        assertEquals("not_downloaded", dataset("tiny-set").get("status").getAsString());
        assertEquals(404, server.send(HttpRequest.newBuilder(server.http("/api/datasets/never-was")).DELETE()).statusCode());
        assertEquals(400, server.send(HttpRequest.newBuilder(server.http("/api/datasets/..%2Fcheckpoints")).DELETE()).statusCode());
    }

    @Test
    void badDownloadsFailWithTheReason() throws Exception {
        for (String[] c : List.of(new String[] { "bad-sum", "checksum mismatch" }, new String[] { "bad-archive", "unknown archive" },
                new String[] { "missing", "404" })) {
            assertEquals(200, post("/api/dataset/download", "{\"dataset_name\":\"" + c[0] + "\"}").statusCode());
            awaitEnd(c[0]);
            JsonObject d = dataset(c[0]);
            assertEquals("failed", d.get("status").getAsString(), d.toString());
            assertTrue(d.get("error").getAsString().contains(c[1]), d.toString());
            assertFalse(Files.exists(data.resolve("datasets").resolve(c[0])));
        }
        assertEquals(404, post("/api/dataset/download", "{\"dataset_name\":\"unknown\"}").statusCode());
        assertEquals(400, post("/api/dataset/download", "{}").statusCode());
    }

    @Test
    void generatesASyntheticDataset() throws Exception {
        HttpResponse<String> r = post("/api/dataset/generate",
                "{\"dataset_name\":\"cmds\",\"kind\":\"commands\",\"count\":12,\"voices\":[\"espeak:en-us+f3\",\"flite:slt\"]}");
        assertEquals(200, r.statusCode(), r.body());
        assertEquals(409, post("/api/dataset/generate", "{\"dataset_name\":\"cmds\",\"kind\":\"commands\",\"count\":3}").statusCode());
        awaitEnd("cmds");
        JsonObject d = dataset("cmds");
        assertEquals("downloaded", d.get("status").getAsString(), d.toString());
        assertEquals(12, d.get("num_files").getAsInt());
        assertTrue(d.get("hours").getAsDouble() > 0);
        String manifest = Files.readString(data.resolve("datasets").resolve("cmds").resolve("manifest.jsonl"));
        assertTrue(manifest.contains("espeak:en-us+f3") && manifest.contains("flite:slt"), manifest);
        // present but with no download source: v1's "already exists", not 404
        HttpResponse<String> present = post("/api/dataset/download", "{\"dataset_name\":\"cmds\"}");
        assertEquals(200, present.statusCode(), present.body());
        assertEquals(12, RunningServer.json(present.body()).get("num_wavs").getAsInt(), present.body());
        assertEquals(400, post("/api/dataset/generate", "{\"dataset_name\":\"x\",\"kind\":\"poems\",\"count\":3}").statusCode());
    }
}
