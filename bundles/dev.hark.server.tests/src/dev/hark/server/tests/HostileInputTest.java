package dev.hark.server.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.hark.server.HarkServer;
import dev.hark.server.ServerConfig;
import dev.hark.testing.RunningServer;

/**
 * What probing as an attacker found, each answered with a clean 4xx or a dropped connection and never a 500 or an
 * OutOfMemoryError: absurd WAV rates and lengths, malformed percent-escapes, non-string voices, too many sockets
 * from one client; and a server bound to {@code [::1]}.
 */
class HostileInputTest {

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

    /** A WAV header claiming {@code rate} Hz and {@code dataBytes} of 16-bit mono PCM, followed by {@code actual} bytes. */
    static byte[] wav(int rate, long dataBytes, int actual) {
        ByteBuffer b = ByteBuffer.allocate(44 + actual).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt((int) Math.min(0xFFFFFFFFL, 36 + dataBytes));
        b.put("WAVEfmt ".getBytes(StandardCharsets.US_ASCII)).putInt(16).putShort((short) 1).putShort((short) 1);
        b.putInt(rate).putInt(rate * 2).putShort((short) 2).putShort((short) 16);
        b.put("data".getBytes(StandardCharsets.US_ASCII)).putInt((int) dataBytes);
        return b.array();
    }

    static HttpResponse<String> upload(byte[] content) throws Exception {
        String boundary = "hark-hostile";
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"x.wav\"\r\n"
                + "Content-Type: audio/wav\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.write(content);
        body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return server.send(HttpRequest.newBuilder(server.http("/api/inference?model_name=en-us"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())));
    }

    @Test
    void absurdWavRatesAndLengthsAreRefusedBeforeDecoding() throws Exception {
        // 200 KB at 1 Hz would be 3.2 G samples at 16 kHz: refused from the header
        HttpResponse<String> oneHz = upload(wav(1, 200_000, 200_000));
        assertEquals(400, oneHz.statusCode(), oneHz.body());
        assertTrue(oneHz.body().contains("sample rate"), oneHz.body());
        // a header promising 3 hours at 16 kHz (a 345 MB file): refused before any sample is read
        HttpResponse<String> hours = upload(wav(16_000, 3L * 3600 * 16_000 * 2, 64_000));
        assertEquals(413, hours.statusCode(), hours.body());
        assertTrue(hours.body().contains("at most"), hours.body());
        // an ordinary file still works
        HttpResponse<String> fine = upload(wav(16_000, 32_000, 32_000));
        assertEquals(200, fine.statusCode(), fine.body());
    }

    /** The response head and body to a GET of {@code path} sent as is. */
    static String rawGet(String path) throws Exception {
        try (Socket s = new Socket("127.0.0.1", server.server.port())) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            return new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void malformedPercentEscapesAndNonStringVoicesAre400() throws Exception {
        for (String path : List.of("/api/models?include=%zz", "/api/inference?model_name=%E0%A4%A", "/api/models/%zz", "/api/inference?model_name=%")) {
            String r = rawGet(path); // java.net.URI refuses to send these
            int status = Integer.parseInt(r.substring(9, 12));
            assertTrue(status >= 400 && status < 500, path + " -> " + r);
        }
        for (String body : List.of("{\"dataset_name\":\"v\",\"voices\":[{\"a\":1}]}", "{\"dataset_name\":\"v\",\"voices\":\"flite:slt\"}",
                "{\"dataset_name\":\"v\",\"voices\":[1,2]}", "{\"dataset_name\":\"v\",\"voices\":[null]}",
                "{\"dataset_name\":\"v\",\"voices\":[[\"flite:slt\"]]}")) {
            HttpResponse<String> r = server.send(HttpRequest.newBuilder(server.http("/api/dataset/generate"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)));
            assertEquals(400, r.statusCode(), body + " -> " + r.body());
        }
    }

    @Test
    void oneClientCannotHoldEveryConnection() throws Exception {
        int limit = dev.hark.server.internal.ServerAssembly.MAX_CONNECTIONS_PER_CLIENT;
        List<Socket> idle = new ArrayList<>();
        try {
            for (int i = 0; i < limit + 20; i++) {
                Socket s = new Socket("127.0.0.1", server.server.port());
                s.setSoTimeout(10_000);
                OutputStream out = s.getOutputStream();
                out.write("GET /api/health HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII)); // slowloris: never ends
                out.flush();
                idle.add(s);
            }
            // the connections past the limit were closed by the server
            int refused = 0;
            for (Socket s : idle.subList(limit, idle.size())) {
                InputStream in = s.getInputStream();
                try {
                    if (in.read() == -1) {
                        refused++;
                    }
                } catch (java.io.IOException e) {
                    refused++; // reset
                }
            }
            assertEquals(20, refused, "connections beyond " + limit + " from one client must be closed");
        } finally {
            for (Socket s : idle) {
                s.close();
            }
        }
        // once they are gone the client is served again
        long deadline = System.nanoTime() + 10_000_000_000L;
        int status = 0;
        while (System.nanoTime() < deadline && status != 200) {
            try {
                status = server.get("/api/health").statusCode();
            } catch (Exception e) {
                Thread.sleep(100);
            }
        }
        assertEquals(200, status);
    }

    @Test
    void aServerBindsToABracketedIpv6Loopback(@TempDir Path other) throws Exception {
        ServerConfig config = ServerConfig.defaults().withHost("[::1]").withPort(0).withDataDir(other);
        assertEquals("::1", config.host());
        try (RunningServer v6 = RunningServer.start(config)) {
            HarkServer s = v6.server;
            assertEquals("http://[::1]:" + s.port(), s.httpUri().toString());
            assertEquals(200, v6.get("/api/health").statusCode());
        }
    }
}
