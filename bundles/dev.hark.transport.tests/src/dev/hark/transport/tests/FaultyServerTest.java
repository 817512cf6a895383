package dev.hark.transport.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.hark.audio.AudioSource;
import dev.hark.audio.FileSource;
import dev.hark.core.HarkTopics;
import dev.hark.core.StreamMetrics;
import dev.hark.core.audio.AudioPipe;
import dev.hark.protocol.V2;
import dev.hark.core.transcript.TranscriptDocument;
import dev.hark.session.TranscriptionSession;
import dev.hark.testing.RecordingBus;
import dev.hark.transport.ClientSettings;

/** Servers that misbehave on purpose: slow to read, or sending garbage. */
class FaultyServerTest {

    @TempDir
    static Path dir;
    static Path file;
    static Path longFile;

    @BeforeAll
    static void audio() throws Exception {
        file = dir.resolve("speech.wav");
        TestAudio.recording(file, 6, 16_000);
        longFile = dir.resolve("long.wav"); // longer than the pipe holds (10 s), so the file must wait
        TestAudio.recording(longFile, 14, 16_000);
    }

    /** A v2 server that answers the handshake, reads each frame slowly and acks every one. */
    public static final class SlowServer extends ScriptedServer.Script {
        final long millisPerFrame;
        volatile long lastSeq = -1;

        SlowServer(long millisPerFrame) {
            this.millisPerFrame = millisPerFrame;
        }

        @Override
        protected void onText(String text) {
            if (text.contains("\"hello\"")) {
                send("{\"type\":\"hello\",\"protocol\":2,\"server\":\"slow\",\"formats\":[\"f32\"],\"resume\":true,"
                        + "\"word_times\":false,\"max_frame_bytes\":1048576,\"ping_interval_ms\":0,\"resume_window_ms\":0,\"models\":[\"x\"]}");
            } else if (text.contains("\"start\"")) {
                send("{\"type\":\"started\",\"session\":\"s1\",\"model\":\"x\",\"sample_rate\":16000,\"engine_rate\":16000}");
                send("{\"type\":\"ready\",\"session\":\"s1\"}");
            } else if (text.contains("\"stop\"")) {
                send("{\"type\":\"final\",\"session\":\"s1\",\"segment\":0,\"text\":\"done\",\"start\":0,\"end\":1,\"words\":[],\"ack_seq\":"
                        + lastSeq + ",\"ack_time\":1}");
                send("{\"type\":\"stopped\",\"session\":\"s1\",\"ack_seq\":" + lastSeq + "}");
            }
        }

        @Override
        protected void onFrame(ByteBuffer frame) {
            try {
                Thread.sleep(millisPerFrame);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            lastSeq = frame.order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong(frame.position());
            send("{\"type\":\"ack\",\"session\":\"s1\",\"seq\":" + lastSeq + ",\"time\":0}");
        }
    }

    @Test
    void aSlowServerSlowsAFileDownWithoutLosingAFrame() throws Exception {
        AtomicReference<SlowServer> script = new AtomicReference<>();
        try (ScriptedServer slow = new ScriptedServer(V2.PATH, v -> {
            script.set(new SlowServer(8));
            return script.get();
        }); TranscriptionSession session = new TranscriptionSession(ClientSettings.of(slow.http(), "x"), new RecordingBus())) {
            TranscriptDocument doc = session.start(new FileSource(longFile, 16_000, false)).get(120, TimeUnit.SECONDS);
            assertEquals("done", doc.finalText());
            AudioPipe.Stats stats = session.pipe().stats();
            assertEquals(0, stats.dropped(), "a file must not lose audio");
            assertEquals(session.pipe().capacity(), stats.highWater(), "the pipe filled up: " + stats);
            assertTrue(stats.blockedMillis() > 0, "backpressure must reach the file source: " + stats);
            assertEquals(session.client().metrics().framesSent(), script.get().framesReceived.get(), "every frame arrived");
        }
    }

    /** A live source that cannot wait: 20 ms chunks as fast as it can make them, dropping the oldest when full. */
    static final class FloodSource implements AudioSource {
        @Override
        public String description() {
            return "flood";
        }

        @Override
        public int outputRate() {
            return 16_000;
        }

        @Override
        public void run(dev.hark.core.audio.source.PcmSink sink, BooleanSupplier stop) throws InterruptedException {
            for (int i = 0; i < 3_000 && !stop.getAsBoolean(); i++) {
                float[] chunk = new float[320];
                sink.accept(chunk, 0, chunk.length);
            }
        }
    }

    @Test
    void aLiveSourceFacingASlowServerDropsAudioVisiblyNotSilently() throws Exception {
        RecordingBus bus = new RecordingBus();
        try (ScriptedServer slow = new ScriptedServer(V2.PATH, v -> new SlowServer(5));
                TranscriptionSession session = new TranscriptionSession(ClientSettings.of(slow.http(), "x"), bus)) {
            session.start(new FloodSource()).get(120, TimeUnit.SECONDS);
            long dropped = session.pipe().stats().dropped();
            assertTrue(dropped > 0, "the flood must overflow the pipe");
            List<StreamMetrics> metrics = bus.payloads(HarkTopics.STREAM_METRICS, StreamMetrics.class);
            assertEquals(dropped, metrics.getLast().pipeDropped(), "drops are reported on the bus");
            assertEquals(3_000, session.pipe().stats().offered());
            assertEquals(3_000 - dropped, session.client().metrics().framesSent());
        }
    }

    /** A v2 server that mixes garbage into an otherwise correct session. */
    public static final class GarbageServer extends ScriptedServer.Script {
        @Override
        protected void onText(String text) {
            if (text.contains("\"hello\"")) {
                send("this is not json");
                send("{\"type\":\"hello\",\"protocol\":2,\"server\":\"garbage\",\"formats\":[\"f32\"],\"resume\":false,"
                        + "\"word_times\":false,\"max_frame_bytes\":1048576,\"ping_interval_ms\":0,\"resume_window_ms\":0,\"models\":[]}");
            } else if (text.contains("\"start\"")) {
                send("{\"type\":\"teleport\"}");
                sendBinary(new byte[] { 1, 2, 3 });
                send("[\"an\",\"array\"]");
                send("{\"type\":\"ready\",\"session\":\"g\"}");
                send("{\"type\":\"partial\",\"session\":\"g\",\"segment\":0,\"text\":\"hel\",\"start\":\"soon\",\"end\":1}");
                send("{\"type\":\"partial\",\"session\":\"g\",\"segment\":0,\"text\":\"hello\",\"start\":0,\"end\":1}");
            } else if (text.contains("\"stop\"")) {
                send("{\"type\":\"final\",\"session\":\"g\",\"segment\":0,\"text\":\"hello world\",\"start\":0,\"end\":1.5,\"words\":[null],\"ack_seq\":-1,\"ack_time\":0}");
                send("{\"type\":\"stopped\",\"session\":\"g\",\"ack_seq\":0}");
            }
        }
    }

    @Test
    void malformedServerMessagesAreReportedAndSkipped() throws Exception {
        RecordingBus bus = new RecordingBus();
        try (ScriptedServer garbage = new ScriptedServer(V2.PATH, v -> new GarbageServer());
                TranscriptionSession session = new TranscriptionSession(ClientSettings.of(garbage.http(), "x"), bus)) {
            CompletableFuture<TranscriptDocument> done = session.start(new FileSource(file, 16_000, false));
            TranscriptDocument doc = done.get(60, TimeUnit.SECONDS);
            assertEquals("hello world", doc.finalText());
            List<String> errors = bus.payloads(HarkTopics.STREAM_ERROR, String.class);
            assertTrue(errors.size() >= 5, "each malformed message must be reported: " + errors);
            assertTrue(errors.stream().anyMatch(e -> e.contains("invalid JSON")), errors.toString());
            assertTrue(errors.stream().anyMatch(e -> e.contains("teleport")), errors.toString());
            assertTrue(errors.stream().anyMatch(e -> e.contains("binary")), errors.toString());
        }
    }

}
