package dev.hark.transport.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.net.URI;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import dev.hark.core.ConnectionState;
import dev.hark.core.HarkTopics;
import dev.hark.core.StreamMetrics;
import dev.hark.core.audio.AudioPipe;
import dev.hark.core.transcript.TranscriptDocument;
import dev.hark.testing.RecordingBus;
import dev.hark.transport.ClientSettings;
import dev.hark.transport.ReconnectPolicy;
import dev.hark.transport.StreamingClient;

/** The client's public face without a server: one session at a time, each starting afresh. */
class StreamingClientTest {

    static URI nothingListening() throws Exception {
        try (ServerSocket probe = new ServerSocket(0)) {
            return URI.create("http://127.0.0.1:" + probe.getLocalPort());
        }
    }

    @Test
    void beforeAnySessionTheClientIsIdle() throws Exception {
        try (StreamingClient client = new StreamingClient(ClientSettings.of(nothingListening(), null), new RecordingBus())) {
            assertEquals(ConnectionState.IDLE, client.state());
            assertEquals(0, client.protocolVersion());
            assertEquals(new StreamMetrics(-1, 0, -1, -1, 0, 0, 0, 0, 0), client.metrics());
            assertTrue(client.stop().isDone());
            client.dropConnection(); // nothing to drop: harmless
        }
    }

    @Test
    void oneSessionAtATimeAndEachStartsAfresh() throws Exception {
        RecordingBus bus = new RecordingBus();
        ClientSettings settings = ClientSettings.of(nothingListening(), null).withReconnect(ReconnectPolicy.NEVER);
        try (StreamingClient client = new StreamingClient(settings, bus)) {
            CompletableFuture<TranscriptDocument> first = client.start(new AudioPipe(10, AudioPipe.Overflow.BLOCK), 16_000);
            assertThrows(IllegalStateException.class, () -> client.start(new AudioPipe(10, AudioPipe.Overflow.BLOCK), 16_000));
            ExecutionException e = assertThrows(ExecutionException.class, () -> first.get(30, TimeUnit.SECONDS));
            assertTrue(e.getCause().getMessage().startsWith("cannot reach " + settings.server()), e.getCause().getMessage());
            assertEquals(ConnectionState.FAILED, client.state());

            CompletableFuture<TranscriptDocument> second = client.start(new AudioPipe(10, AudioPipe.Overflow.BLOCK), 16_000);
            assertNotSame(first, second);
            assertThrows(ExecutionException.class, () -> second.get(30, TimeUnit.SECONDS));
            assertEquals(2, bus.count(HarkTopics.STREAM_CLEARED), "each session clears the transcript");
            assertEquals(0, client.metrics().reconnects(), "a session's counters start at zero");
        }
    }

    @Test
    void closingTheClientFailsTheRunningSessionAndEndsItsThreads() throws Exception {
        ClientSettings settings = ClientSettings.of(nothingListening(), null);
        StreamingClient client = new StreamingClient(settings, new RecordingBus());
        CompletableFuture<TranscriptDocument> done = client.start(new AudioPipe(10, AudioPipe.Overflow.BLOCK), 16_000);
        client.close();
        ExecutionException e = assertThrows(ExecutionException.class, () -> done.get(10, TimeUnit.SECONDS));
        assertEquals("closed", e.getCause().getMessage());
        dev.hark.testing.Await.until(java.time.Duration.ofSeconds(10), "the client's threads to end",
                () -> Thread.getAllStackTraces().keySet().stream().noneMatch(t -> t.isAlive()
                        && (t.getName().equals("hark-transport-sender") || t.getName().equals("hark-transport-timer"))));
    }
}
