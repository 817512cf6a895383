package dev.hark.transport.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.hark.audio.FileSource;
import dev.hark.core.AudioLevel;
import dev.hark.core.ConnectionState;
import dev.hark.core.HarkTopics;
import dev.hark.core.StreamMetrics;
import dev.hark.core.StreamStateChanged;
import dev.hark.core.transcript.Segment;
import dev.hark.core.transcript.TranscriptDocument;
import dev.hark.core.transcript.TranscriptExport;
import dev.hark.server.ServerConfig;
import dev.hark.session.TranscriptionSession;
import dev.hark.testing.Await;
import dev.hark.testing.RecordingBus;
import dev.hark.testing.RunningServer;
import dev.hark.testing.WordErrorRate;
import dev.hark.transport.ClientSettings;
import dev.hark.transport.ReconnectPolicy;

/**
 * Live transcription through the services (file source → pipe → streaming client) against real Hark
 * servers over real sockets, including a server restart in the middle of a 60-second stream.
 */
class LiveTranscriptionTest {

    static final Duration WAIT = Duration.ofSeconds(120);
    static final ReconnectPolicy QUICK = new ReconnectPolicy(Duration.ofMillis(100), Duration.ofSeconds(1), 0.2, Duration.ofSeconds(30));

    @TempDir
    static Path dir;
    static Path minute;
    static String minuteText;
    static Path shortFile;
    static String shortText;
    static RunningServer server;
    static String faultFree;

    @BeforeAll
    static void prepare() throws Exception {
        minute = dir.resolve("minute.wav");
        minuteText = TestAudio.recording(minute, 60, 16_000);
        shortFile = dir.resolve("short.wav");
        shortText = TestAudio.recording(shortFile, 8, 22_050);
        server = RunningServer.start(dir.resolve("data"));
        faultFree = transcribe(settings(server), minute, new RecordingBus()).finalText();
        System.out.printf("fault-free 60 s: WER %.3f%n", WordErrorRate.of(minuteText, faultFree));
    }

    @AfterAll
    static void stopServer() throws Exception {
        server.close();
    }

    static ClientSettings settings(RunningServer s) {
        return ClientSettings.of(s.server.httpUri(), "en-us").withReconnect(QUICK);
    }

    static TranscriptDocument transcribe(ClientSettings settings, Path file, RecordingBus bus) throws Exception {
        try (TranscriptionSession session = new TranscriptionSession(settings, bus)) {
            return session.start(new FileSource(file, 16_000, false)).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        }
    }

    @Test
    void aFileIsTranscribedOverV2WithStatesPartialsLevelsAndExport() throws Exception {
        RecordingBus bus = new RecordingBus();
        long t0 = System.nanoTime();
        TranscriptDocument doc = transcribe(settings(server), shortFile, bus);
        double wallSeconds = (System.nanoTime() - t0) / 1e9;
        double wer = WordErrorRate.of(shortText, doc.finalText());
        assertTrue(wer <= 0.3, "WER " + wer + ": " + doc.finalText() + "; errors " + bus.payloads(HarkTopics.STREAM_ERROR, String.class)
                + "; finals " + bus.payloads(HarkTopics.STREAM_FINAL, Segment.class) + "; states "
                + bus.payloads(HarkTopics.STREAM_STATE, StreamStateChanged.class));

        List<ConnectionState> states = bus.payloads(HarkTopics.STREAM_STATE, StreamStateChanged.class).stream()
                .map(StreamStateChanged::state).distinct().toList();
        assertEquals(List.of(ConnectionState.CONNECTING, ConnectionState.STREAMING, ConnectionState.STOPPING, ConnectionState.IDLE), states);
        assertFalse(bus.payloads(HarkTopics.STREAM_PARTIAL, Segment.class).isEmpty(), "no partials published");
        assertTrue(bus.payloads(HarkTopics.STREAM_FINAL, Segment.class).size() >= 2);
        long levels = bus.count(HarkTopics.AUDIO_LEVEL);
        assertTrue(levels >= 1 && levels <= wallSeconds * 20 + 2, levels + " level events in " + wallSeconds + " s (at most 20/s)");
        assertTrue(bus.payloads(HarkTopics.AUDIO_LEVEL, AudioLevel.class).stream().anyMatch(l -> l.rms() > 0.01));
        // each final comes right after its utterance's latencies (the Live view shows them on its line)
        List<RecordingBus.Posted> all = bus.all();
        int timed = 0;
        for (int i = 0; i < all.size(); i++) {
            if (all.get(i).topic().equals(HarkTopics.STREAM_FINAL) && all.get(i).payload() instanceof Segment f
                    && f.kind() == Segment.Kind.FINAL) {
                RecordingBus.Posted before = all.get(i - 1);
                assertEquals(HarkTopics.STREAM_LATENCY, before.topic(), "the latency before final " + f);
                dev.hark.core.UtteranceLatency l = (dev.hark.core.UtteranceLatency) before.payload();
                assertEquals(f.id(), l.segmentId());
                assertTrue(l.finalMillis() >= 0 && l.finalMillis() < 30_000, l.toString());
                timed++;
            }
        }
        assertTrue(timed >= 2, timed + " timed finals");
        assertTrue(bus.payloads(HarkTopics.STREAM_LATENCY, dev.hark.core.UtteranceLatency.class).stream()
                .anyMatch(l -> l.firstPartialMillis() >= 0), "some utterance had a partial before its final");
        StreamMetrics last = bus.payloads(HarkTopics.STREAM_METRICS, StreamMetrics.class).getLast();
        assertEquals(2, last.protocol());
        assertEquals(0, last.pipeDropped());

        String srt = TranscriptExport.write(doc.snapshot(), TranscriptExport.Format.SRT);
        assertTrue(srt.startsWith("1\n00:00:0") && srt.contains(" --> "), srt);
        String vtt = TranscriptExport.write(doc.snapshot(), TranscriptExport.Format.VTT);
        assertTrue(vtt.startsWith("WEBVTT\n\n00:00:0"), vtt);
        assertTrue(TranscriptExport.write(doc.snapshot(), TranscriptExport.Format.JSON).contains("\"words\""));
    }

    @Test
    void aServerRestartInTheMiddleOfAMinuteLeavesTheV2TranscriptAsIfNothingHappened(@TempDir Path restartData) throws Exception {
        int port = dev.hark.testing.RunningServer.freePort();
        ServerConfig config = ServerConfig.defaults().withPort(port).withDataDir(restartData);
        RunningServer first = RunningServer.start(config);
        RecordingBus bus = new RecordingBus();
        ClientSettings settings = settings(first);
        try (TranscriptionSession session = new TranscriptionSession(settings, bus)) {
            CompletableFuture<TranscriptDocument> done = session.start(new FileSource(minute, 16_000, false));
            Await.until(WAIT, "half the minute to be sent", () -> session.client().metrics().framesSent() > 1_500);
            first.close(); // the server goes away mid-stream, sessions and all
            try (RunningServer second = RunningServer.start(config)) {
                TranscriptDocument doc = done.get(WAIT.toSeconds(), TimeUnit.SECONDS);
                assertTrue(session.client().metrics().reconnects() >= 1, "no reconnect happened");
                assertTrue(doc.snapshot().stream().noneMatch(s -> s.kind() == Segment.Kind.GAP), "v2 must leave no gap");
                assertEquals(faultFree, doc.finalText(), "the transcript must equal the fault-free one");
            }
        }
        assertTrue(bus.payloads(HarkTopics.STREAM_STATE, StreamStateChanged.class).stream()
                .anyMatch(s -> s.state() == ConnectionState.RECONNECTING));
    }

    @Test
    void aRestartAfterTheLastFrameWasSentStillEndsWithTheWholeTranscript(@TempDir Path restartData) throws Exception {
        int port = dev.hark.testing.RunningServer.freePort();
        ServerConfig config = ServerConfig.defaults().withPort(port).withDataDir(restartData);
        RunningServer first = RunningServer.start(config);
        try (TranscriptionSession session = new TranscriptionSession(settings(first), new RecordingBus())) {
            CompletableFuture<TranscriptDocument> done = session.start(new FileSource(minute, 16_000, false));
            // everything is written and the stop is on its way while the server is still decoding
            Await.until(WAIT, "the stop to be sent", () -> session.client().state() == ConnectionState.STOPPING);
            first.close();
            try (RunningServer second = RunningServer.start(config)) {
                TranscriptDocument doc = done.get(WAIT.toSeconds(), TimeUnit.SECONDS);
                assertEquals(faultFree, doc.finalText(), "the stop must follow the resent audio, not overtake it");
            }
        }
    }

    @Test
    void aDroppedConnectionResumesTheSameSessionWithoutAGap() throws Exception {
        try (TranscriptionSession session = new TranscriptionSession(settings(server), new RecordingBus())) {
            CompletableFuture<TranscriptDocument> done = session.start(new FileSource(minute, 16_000, false));
            Await.until(WAIT, "a third of the minute", () -> session.client().metrics().framesSent() > 1_000);
            session.client().dropConnection();
            TranscriptDocument doc = done.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertEquals(1, session.client().metrics().reconnects());
            assertEquals(faultFree, doc.finalText());
        }
    }

    @Test
    void aV1OnlyServerWorksAndAReconnectIsMarkedAsAGap(@TempDir Path v1Data) throws Exception {
        try (RunningServer v1 = RunningServer.start(ServerConfig.defaults().withPort(0).withDataDir(v1Data).withV2(false));
                TranscriptionSession session = new TranscriptionSession(settings(v1), new RecordingBus())) {
            // at real time, so that the drop happens while audio still flows
            CompletableFuture<TranscriptDocument> done = session.start(new FileSource(shortFile, 16_000, true));
            Await.until(WAIT, "a final over v1", () -> session.transcript().snapshot().stream()
                    .anyMatch(x -> x.kind() == Segment.Kind.FINAL));
            assertEquals(1, session.client().protocolVersion(), "AUTO must fall back to v1");
            session.client().dropConnection();
            TranscriptDocument doc = done.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            List<Segment> segments = doc.snapshot();
            int gap = -1;
            for (int i = 0; i < segments.size(); i++) {
                if (segments.get(i).kind() == Segment.Kind.GAP) {
                    gap = i;
                }
            }
            assertTrue(gap > 0, "the v1 reconnect must leave a gap marker: " + segments);
            assertTrue(segments.subList(gap + 1, segments.size()).stream().anyMatch(s -> s.kind() == Segment.Kind.FINAL),
                    "recognition must go on after the gap: " + segments);
            assertTrue(segments.get(gap).end() >= segments.get(gap).start());
        }
    }

    @Test
    void anUnreachableServerFailsWithOneClearReason() throws Exception {
        int port = dev.hark.testing.RunningServer.freePort(); // closed again: nothing listens there
        ClientSettings settings = ClientSettings.of(java.net.URI.create("http://127.0.0.1:" + port), null)
                .withReconnect(new ReconnectPolicy(Duration.ofMillis(50), Duration.ofMillis(200), 0, Duration.ofSeconds(2)));
        try (TranscriptionSession session = new TranscriptionSession(settings, new RecordingBus())) {
            CompletableFuture<TranscriptDocument> done = session.start(new FileSource(shortFile, 16_000, true));
            ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                    () -> done.get(30, TimeUnit.SECONDS));
            assertTrue(e.getCause().getMessage().startsWith("cannot reach http://127.0.0.1:" + port), e.getCause().getMessage());
            assertEquals(ConnectionState.FAILED, session.client().state());
        }
    }

    @Test
    void anUnknownModelFailsTheSessionWithTheServersReason() throws Exception {
        ClientSettings settings = ClientSettings.of(server.server.httpUri(), "no-such-model").withReconnect(QUICK);
        try (TranscriptionSession session = new TranscriptionSession(settings, new RecordingBus())) {
            CompletableFuture<TranscriptDocument> done = session.start(new FileSource(shortFile, 16_000, true));
            ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                    () -> done.get(30, TimeUnit.SECONDS));
            assertTrue(e.getCause().getMessage().contains("unknown model"), e.getCause().getMessage());
        }
    }

    @Test
    void aFullServerRefusesANewSessionAtOnceWithBusy(@TempDir Path fullData) throws Exception {
        try (RunningServer full = RunningServer.start(ServerConfig.defaults().withPort(0).withDataDir(fullData).withMaxStreamsPerModel(1));
                dev.hark.testing.TestSocket holder = dev.hark.testing.TestSocket.open(full.server.v2StreamUri())) {
            holder.text("{\"type\":\"hello\",\"protocol\":2}");
            holder.next(WAIT);
            holder.text("{\"type\":\"start\",\"model\":\"en-us\",\"sample_rate\":16000,\"format\":\"i16\"}");
            holder.nextMatching(WAIT, m -> m.contains("\"ready\""), null); // the only stream is taken
            try (TranscriptionSession session = new TranscriptionSession(settings(full), new RecordingBus())) {
                CompletableFuture<TranscriptDocument> done = session.start(new FileSource(shortFile, 16_000, true));
                ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                        () -> done.get(30, TimeUnit.SECONDS));
                assertTrue(e.getCause().getMessage().contains("server busy"), e.getCause().getMessage());
                assertEquals(ConnectionState.FAILED, session.client().state());
            }
        }
    }
}
