package dev.hark.transport.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.hark.core.ConnectionState;
import dev.hark.core.HarkTopics;
import dev.hark.core.audio.AudioPipe;
import dev.hark.core.transcript.TranscriptDocument;
import dev.hark.testing.Await;
import dev.hark.testing.RecordingBus;
import dev.hark.transport.ClientSettings;
import dev.hark.transport.StreamingClient;
import dev.hark.transport.internal.Connector;
import dev.hark.transport.internal.NoV2Servers;
import dev.hark.transport.internal.V1Link;

/** Hark's streaming client against a stand-in that behaves exactly as the asr-test backend does (issue 10). */
class AsrTestBackendTest {

    static final int RATE = 16_000;

    @BeforeEach
    void forgetServers() {
        NoV2Servers.clear();
    }

    /** {@code seconds} of 20 ms chunks into a pipe that is then closed (a file source at its end). */
    static AudioPipe audio(double seconds) {
        AudioPipe pipe = new AudioPipe(10_000, AudioPipe.Overflow.BLOCK);
        for (int i = 0, n = (int) Math.round(seconds * 50); i < n; i++) {
            float[] chunk = new float[RATE / 50];
            for (int j = 0; j < chunk.length; j++) {
                chunk[j] = (float) Math.sin((i * chunk.length + j) * 0.05) * 0.2f;
            }
            pipe.offer(new AudioPipe.Chunk(chunk, RATE));
        }
        pipe.close();
        return pipe;
    }

    /** A pipe the test keeps open (a microphone). */
    static AudioPipe openPipe() {
        return new AudioPipe(10_000, AudioPipe.Overflow.DROP_OLDEST);
    }

    @Test
    void a403ToTheV2UpgradeMeansV1AndIsRemembered() throws Exception {
        try (AsrTestLikeServer backend = new AsrTestLikeServer()) {
            ClientSettings settings = ClientSettings.of(backend.http(), AsrTestLikeServer.MODEL);
            try (StreamingClient client = new StreamingClient(settings, new RecordingBus())) {
                long t0 = System.nanoTime();
                TranscriptDocument doc = client.start(audio(1), RATE).get(20, TimeUnit.SECONDS);
                assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(8), "no retrying of /v2/stream");
                assertEquals("hello world", doc.finalText());
                assertEquals(1, client.protocolVersion());
            }
            assertEquals(1, backend.v2Attempts.get());
            // a new client (the next `hark transcribe` file, the Live view's next start) goes straight to /ws
            try (StreamingClient client = new StreamingClient(settings, new RecordingBus())) {
                client.start(audio(0.5), RATE).get(20, TimeUnit.SECONDS);
            }
            assertEquals(1, backend.v2Attempts.get(), "the server's missing v2 is remembered");
        }
    }

    @Test
    void aWsAddressStillTriesV2FirstThenFallsBack() throws Exception {
        assertArrayEquals(new int[] { 2, 1 },
                new Connector(ClientSettings.of(URI.create("ws://h:1/ws"), null)).versionsToTry(0),
                "users paste the /ws address they know; a Hark server behind it offers v2");
        try (AsrTestLikeServer backend = new AsrTestLikeServer();
                StreamingClient client = new StreamingClient(ClientSettings.of(backend.ws(), AsrTestLikeServer.MODEL), new RecordingBus())) {
            assertEquals("hello world", client.start(audio(0.5), RATE).get(20, TimeUnit.SECONDS).finalText());
            assertEquals(1, backend.v2Attempts.get());
            assertEquals(1, client.protocolVersion());
        }
    }

    @Test
    void anUnknownModelFailsAsNotAvailableInsteadOfReconnectingForever() throws Exception {
        RecordingBus bus = new RecordingBus();
        try (AsrTestLikeServer backend = new AsrTestLikeServer();
                StreamingClient client = new StreamingClient(ClientSettings.of(backend.ws(), "conformer"), bus)) {
            CompletableFuture<TranscriptDocument> done = client.start(openPipe(), RATE);
            ExecutionException e = assertThrows(ExecutionException.class, () -> done.get(15, TimeUnit.SECONDS));
            assertTrue(e.getCause().getMessage().startsWith("model not available"), e.getCause().getMessage());
            assertTrue(e.getCause().getMessage().contains("conformer"), e.getCause().getMessage());
            assertTrue(backend.wsConnections.get() <= 3, "gave up after a couple of closes: " + backend.wsConnections.get());
            assertEquals(0, bus.count(HarkTopics.STREAM_FINAL), "no gap segment per close");
            assertEquals(ConnectionState.FAILED, client.state());
        }
    }

    @Test
    void aTrainingRunStoppingDoesNotEndTheStreamingSession() throws Exception {
        try (AsrTestLikeServer backend = new AsrTestLikeServer()) {
            backend.broadcastAfterFrames = 3;
            try (StreamingClient client = new StreamingClient(ClientSettings.of(backend.ws(), AsrTestLikeServer.MODEL), new RecordingBus())) {
                TranscriptDocument doc = client.start(audio(2), RATE).get(20, TimeUnit.SECONDS);
                assertEquals("hello world", doc.finalText(), "the session's own final arrived after the run's 'stopped'");
                assertEquals(ConnectionState.IDLE, client.state());
                int total = backend.frameBytes.stream().mapToInt(Integer::intValue).sum();
                assertEquals(2 * RATE * 4, total, "the whole audio was sent");
            }
        }
    }

    @Test
    void v1ServersGet100MillisecondFrames() throws Exception {
        try (AsrTestLikeServer backend = new AsrTestLikeServer();
                StreamingClient client = new StreamingClient(ClientSettings.of(backend.ws(), AsrTestLikeServer.MODEL), new RecordingBus())) {
            client.start(audio(1.02), RATE).get(20, TimeUnit.SECONDS);
            List<Integer> sizes = new ArrayList<>(backend.frameBytes);
            int frame = RATE * V1Link.FRAME_MILLIS / 1000 * 4;
            assertEquals(11, sizes.size(), "1.02 s in 100 ms frames and the rest: " + sizes);
            assertTrue(sizes.subList(0, 10).stream().allMatch(s -> s == frame), sizes.toString());
            assertEquals(1_020 * RATE / 1000 * 4 - 10 * frame, sizes.getLast(), "the rest goes before the stop");
        }
    }

    @Test
    void theEndOfSessionWaitIsConfigurable() throws Exception {
        try (AsrTestLikeServer backend = new AsrTestLikeServer()) {
            backend.answerStop = false;
            ClientSettings settings = ClientSettings.of(backend.ws(), AsrTestLikeServer.MODEL).withEndWait(Duration.ofSeconds(1));
            try (StreamingClient client = new StreamingClient(settings, new RecordingBus())) {
                long t0 = System.nanoTime();
                ExecutionException e = assertThrows(ExecutionException.class,
                        () -> client.start(audio(0.2), RATE).get(20, TimeUnit.SECONDS));
                assertTrue(e.getCause().getMessage().contains("within 1.0 s"), e.getCause().getMessage());
                assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(8));
            }
        }
        assertThrows(IllegalArgumentException.class, () -> ClientSettings.of(URI.create("http://h:1"), null).withEndWait(Duration.ZERO));
    }

    @Test
    void stopWhileConnectingEndsTheSessionAtOnce() throws Exception {
        // a server that takes the TCP connection and never answers the upgrade
        try (ServerSocket silent = new ServerSocket(0)) {
            List<Socket> accepted = new ArrayList<>();
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        accepted.add(silent.accept());
                    }
                } catch (Exception ignored) {
                    // closed
                }
            }, "test-silent-acceptor");
            acceptor.setDaemon(true);
            acceptor.start();
            URI server = URI.create("http://127.0.0.1:" + silent.getLocalPort());
            try (StreamingClient client = new StreamingClient(ClientSettings.of(server, "x"), new RecordingBus())) {
                CompletableFuture<TranscriptDocument> done = client.start(openPipe(), RATE);
                Await.until(Duration.ofSeconds(5), "connecting", () -> client.state() == ConnectionState.CONNECTING);
                Thread.sleep(300);
                long t0 = System.nanoTime();
                client.stop().get(2, TimeUnit.SECONDS);
                assertTrue(done.isDone());
                assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(1), "at once");
                assertEquals(ConnectionState.IDLE, client.state());
            }
            for (Socket s : accepted) {
                s.close();
            }
        }
    }

    @Test
    void stopWhileReconnectingEndsTheSessionAtOnce() throws Exception {
        URI nothing = StreamingClientTest.nothingListening();
        try (StreamingClient client = new StreamingClient(ClientSettings.of(nothing, "x"), new RecordingBus())) {
            CompletableFuture<TranscriptDocument> done = client.start(openPipe(), RATE);
            Thread.sleep(1_500); // a few refused attempts: backing off
            assertTrue(client.state().isActive(), client.state().toString());
            long t0 = System.nanoTime();
            client.stop().get(2, TimeUnit.SECONDS);
            assertTrue(done.isDone());
            assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(1), "at once");
        }
    }

    @Test
    void theUpgradeIsHttp11WithoutH2c() throws Exception {
        try (AsrTestLikeServer backend = new AsrTestLikeServer();
                StreamingClient client = new StreamingClient(ClientSettings.of(backend.http(), AsrTestLikeServer.MODEL), new RecordingBus())) {
            client.start(audio(0.2), RATE).get(20, TimeUnit.SECONDS);
            assertTrue(backend.httpVersions.stream().allMatch("HTTP/1.1"::equals), backend.httpVersions.toString());
            assertTrue(backend.upgradeHeaders.stream().noneMatch(h -> h.toLowerCase().contains("h2c")), backend.upgradeHeaders.toString());
        }
    }
}
