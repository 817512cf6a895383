package dev.hark.server.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import dev.hark.core.audio.PcmFormat;
import dev.hark.protocol.V2;
import dev.hark.server.ServerConfig;
import dev.hark.testing.Await;
import dev.hark.testing.RunningServer;
import dev.hark.testing.Speech;
import dev.hark.testing.TestSocket;
import dev.hark.testing.WordErrorRate;

/** Protocol v2 on {@link V2#PATH}: sessions, sequence numbers, acks, resume, ping, close codes. */
class V2StreamTest {

    static final Duration WAIT = Duration.ofSeconds(30);
    static final String THREE = Audio.SENTENCE + " " + Audio.DIGITS + " " + Audio.SENTENCE_2;

    @TempDir
    static Path data;
    static RunningServer server;
    static float[] threeUtterances;

    @BeforeAll
    static void startServer() throws Exception {
        server = RunningServer.start(data);
        threeUtterances = Speech.concat(Audio.utterance(Audio.SENTENCE, 48_000), Audio.utterance(Audio.DIGITS, 48_000),
                Audio.utterance(Audio.SENTENCE_2, 48_000));
    }

    @AfterAll
    static void stopServer() throws Exception {
        server.close();
    }

    private static V2TestClient client() {
        return new V2TestClient("en-us", threeUtterances, 48_000, PcmFormat.F32, 480);
    }

    /** The transcript of the whole recording without any fault. */
    private static String faultFree() throws Exception {
        try (V2TestClient c = client()) {
            c.connect(server.server.v2StreamUri());
            c.start();
            c.sendUntil(c.frameCount());
            c.stop();
            return c.transcript();
        }
    }

    @Test
    void sessionGivesTimedSegmentsWithWordsAndAcks() throws Exception {
        try (V2TestClient c = client()) {
            JsonObject hello = c.connect(server.server.v2StreamUri());
            assertEquals(2, hello.get("protocol").getAsInt());
            assertTrue(hello.get("resume").getAsBoolean());
            assertTrue(hello.getAsJsonArray("models").toString().contains("\"en-us\""), hello.toString());
            c.start();
            c.sendUntil(c.frameCount());
            c.stop();
            assertTrue(c.errors.isEmpty(), c.errors.toString());
            assertTrue(c.partials > 0, "no partials");
            assertTrue(c.finals.size() >= 3, "expected a final per utterance: " + c.finals);
            double wer = WordErrorRate.of(THREE, c.transcript());
            System.out.printf("v2 three utterances: \"%s\" WER %.2f%n", c.transcript(), wer);
            assertTrue(wer <= 0.3, "WER " + wer + ": " + c.transcript());
            assertTrue(c.ackedSeq > c.frameCount() / 2, "acks should follow the audio, last " + c.ackedSeq);
        }
    }

    @Test
    void finalsCarryWordTimesInsideTheAudio() throws Exception {
        float[] audio = Audio.utterance(Audio.SENTENCE, 16_000);
        try (TestSocket raw = TestSocket.open(server.server.v2StreamUri())) {
            raw.text("{\"type\":\"hello\",\"protocol\":2}");
            raw.next(WAIT);
            raw.text("{\"type\":\"start\",\"model\":\"en-us\",\"sample_rate\":16000,\"format\":\"i16\"}");
            raw.next(WAIT); // started
            raw.next(WAIT); // ready
            byte[] all = dev.hark.core.audio.PcmDecoder.encode(audio, PcmFormat.I16);
            for (int seq = 0, off = 0; off < all.length; seq++, off += 640) {
                raw.binary(V2.audioFrame(seq, all, off, Math.min(640, all.length - off)));
            }
            raw.text("{\"type\":\"stop\"}");
            double duration = audio.length / 16_000.0;
            double last = -1;
            int words = 0;
            while (true) {
                JsonObject m = Messages.parse(raw.next(WAIT));
                String type = m.get("type").getAsString();
                if (type.equals("stopped")) {
                    break;
                }
                if (!type.equals("final")) {
                    continue;
                }
                for (JsonElement e : m.getAsJsonArray("words")) {
                    JsonObject w = e.getAsJsonObject();
                    double start = w.get("start").getAsDouble();
                    double end = w.get("end").getAsDouble();
                    assertTrue(start >= last - 1e-9 && end >= start && end <= duration + 0.05, "word times out of order: " + m);
                    if (w.has("confidence") && !w.get("confidence").isJsonNull()) {
                        double conf = w.get("confidence").getAsDouble();
                        assertTrue(conf >= 0 && conf <= 1, "confidence " + conf);
                    }
                    last = end;
                    words++;
                }
            }
            assertTrue(words >= 3, "expected word times, got " + words);
        }
    }

    @Test
    void resumeAfterTheConnectionDropsLeavesNoGap() throws Exception {
        String expected = faultFree();
        try (V2TestClient c = client()) {
            c.connect(server.server.v2StreamUri());
            c.start();
            c.sendUntil(c.frameCount() / 2 + 37);
            c.socket.abort(); // the network fails: no close handshake
            c.connect(server.server.v2StreamUri());
            assertTrue(c.resume(), "the server should still hold the session");
            c.sendUntil(c.frameCount());
            c.stop();
            assertEquals(expected, c.transcript(), "transcript after a drop must equal the fault-free one");
        }
    }

    /** A server configuration on a port that a restarted server can take again. */
    private static ServerConfig onAFixedPort(Path data) throws Exception {
        return ServerConfig.defaults().withPort(RunningServer.freePort()).withDataDir(data);
    }

    /** Starts a server, streams {@code frames} frames to it and waits for {@code until}; then the server dies. */
    private static void streamUntilTheServerDies(V2TestClient c, ServerConfig config, int frames,
            java.util.function.BooleanSupplier until) throws Exception {
        RunningServer first = RunningServer.start(config);
        try {
            c.connect(first.server.v2StreamUri());
            c.start();
            c.sendUntil(frames);
            Await.until(WAIT, "the stream to get where the test needs it", until);
        } finally {
            first.close(); // the server dies mid-stream
        }
    }

    @Test
    void resumeOnARestartedServerReplaysTheUncommittedAudio(@TempDir Path restartData) throws Exception {
        ServerConfig config = onAFixedPort(restartData);
        try (V2TestClient c = client()) {
            streamUntilTheServerDies(c, config, c.frameCount() / 2 + 11, () -> true);
            try (RunningServer second = RunningServer.start(config)) {
                c.connect(second.server.v2StreamUri());
                assertFalse(c.resume(), "a restarted server cannot have kept the session");
                assertEquals(c.ackedSeq + 1, c.nextSeq);
                c.sendUntil(c.frameCount());
                c.stop();
            }
            double wer = WordErrorRate.of(THREE, c.transcript());
            System.out.printf("v2 resume after restart: \"%s\" WER %.2f%n", c.transcript(), wer);
            assertTrue(wer <= 0.3, "every utterance must survive the restart: " + c.transcript());
        }
    }

    /**
     * The resume of a restarted server with warm-up frames: the client brings the state from before its last utterance
     * and sends that utterance's committed frames again; the server recognizes them (results discarded) before it says
     * resumed, so its decoder's state is the lost one's again. Bad warm-ups get clear errors.
     */
    @Test
    void resumeOnARestartedServerWarmsTheNewDecoderOnCommittedFrames(@TempDir Path restartData) throws Exception {
        ServerConfig config = onAFixedPort(restartData);
        try (V2TestClient c = client()) {
            streamUntilTheServerDies(c, config, c.frameCount() * 2 / 3, () -> {
                c.poll();
                return c.olderState != null && c.ackedSeq >= c.stateSeq;
            });
            String newest = c.state;
            String before = c.transcript(); // a restarted server numbers its segments afresh
            c.finals.clear();
            try (RunningServer second = RunningServer.start(config)) {
                c.connect(second.server.v2StreamUri());
                // refused before anything is kept: more warm-up frames than were acknowledged
                c.warmUp = (int) c.ackedSeq + 2;
                c.socket.text(c.resumeMessage(c.token));
                JsonObject refused = c.expect("error");
                assertEquals("bad_field", refused.get("code").getAsString(), refused.toString());
                assertTrue(refused.get("message").getAsString().contains("warm_up_frames"), refused.toString());

                c.errors.clear();
                c.state = c.olderState; // the state before the last utterance, and the frames since it again
                c.warmUp = (int) (c.ackedSeq - c.olderStateSeq);
                assertFalse(c.resume(), "a restarted server cannot have kept the session");
                assertTrue(c.errors.isEmpty(), "warm-up frames are not errors: " + c.errors);
                assertEquals(c.ackedSeq + 1, c.nextSeq);
                c.sendUntil(c.frameCount());
                c.stop();
            }
            String older = c.olderState;
            assertNotEquals(older, newest);
            String transcript = before + " " + c.transcript();
            System.out.printf("v2 resume with %d warm-up frames: \"%s\"%n", c.warmUp, transcript);
            double wer = WordErrorRate.of(THREE, transcript);
            assertTrue(wer <= 0.3, "every utterance must survive the restart: " + transcript);
        }
    }

    /** A connected client about to resume {@code session}, which this server never had, with frames 5..9 as warm-up. */
    private static V2TestClient resumingALostSession(String session) throws Exception {
        V2TestClient c = client();
        c.connect(server.server.v2StreamUri());
        c.session = session;
        c.token = "t0ken";
        c.ackedSeq = 9;
        c.warmUp = 5;
        return c;
    }

    @Test
    void warmUpFramesOutOfOrderAreAClearErrorAndTheSessionGoesOn(@TempDir Path restartData) throws Exception {
        try (V2TestClient c = resumingALostSession("lost-warm-up-1")) {
            c.socket.text(c.resumeMessage(c.token));
            c.socket.binary(V2.audioFrame(5, new byte[320], 0, 320)); // 5 is the first warm-up frame
            c.socket.binary(V2.audioFrame(7, new byte[320], 0, 320)); // 6 is missing
            JsonObject error = c.expect("error");
            assertEquals("bad_warm_up", error.get("code").getAsString(), error.toString());
            JsonObject resumed = c.expect("resumed");
            assertEquals(10, resumed.get("next_seq").getAsLong());
            assertFalse(resumed.get("restored").getAsBoolean());
            c.expect("ready");
        }
    }

    @Test
    void aDropDuringTheWarmUpLeavesNoHalfSessionAndARefusedResumesWarmUpDrawsNoErrors() throws Exception {
        try (V2TestClient c = resumingALostSession("lost-warm-up-2")) {
            c.socket.text(c.resumeMessage(c.token));
            c.socket.binary(V2.audioFrame(5, new byte[320], 0, 320)); // then the connection drops mid-warm-up
        }
        try (V2TestClient c = resumingALostSession("lost-warm-up-2")) {
            assertFalse(c.resume(), "a session dropped before its decoder was made is started afresh, warm-up and all");
            assertTrue(c.errors.isEmpty(), c.errors.toString());
        }
        try (TestSocket s = TestSocket.open(server.server.v2StreamUri())) {
            s.text("{\"type\":\"hello\",\"protocol\":2}");
            s.next(WAIT);
            s.text("{\"type\":\"resume\",\"session\":\"lost-warm-up-3\",\"token\":\"t0ken\",\"model\":\"no-such-model\","
                    + "\"sample_rate\":16000,\"format\":\"i16\",\"acked_seq\":9,\"acked_time\":0.1,\"warm_up_frames\":5}");
            for (int seq = 5; seq <= 9; seq++) {
                s.binary(V2.audioFrame(seq, new byte[320], 0, 320));
            }
            s.text("{\"type\":\"ping\",\"id\":1,\"t\":2}");
            assertEquals("unknown_model", Messages.parse(s.next(WAIT)).get("code").getAsString());
            assertEquals("pong", Messages.type(s.next(WAIT)), "the refused resume's warm-up frames are dropped without errors");
        }
    }

    @Test
    void handshakeRulesAndCloseCodes() throws Exception {
        try (TestSocket s = TestSocket.open(server.server.v2StreamUri())) {
            s.text("{\"type\":\"start\",\"model\":\"en-us\"}");
            JsonObject error = Messages.parse(s.next(WAIT));
            assertEquals("error", error.get("type").getAsString());
            assertTrue(error.get("fatal").getAsBoolean());
            assertEquals(V2.CLOSE_PROTOCOL_VERSION, s.closeCode(WAIT));
        }
        try (TestSocket s = TestSocket.open(server.server.v2StreamUri())) {
            s.text("{\"type\":\"hello\",\"protocol\":1}");
            assertEquals("protocol_version", Messages.parse(s.next(WAIT)).get("code").getAsString());
            assertEquals(V2.CLOSE_PROTOCOL_VERSION, s.closeCode(WAIT));
        }
    }

    @Test
    void pingSequenceGapsDuplicatesAndBadFrames() throws Exception {
        try (TestSocket s = TestSocket.open(server.server.v2StreamUri())) {
            s.text("{\"type\":\"hello\",\"protocol\":2}");
            s.next(WAIT);
            s.text("{\"type\":\"ping\",\"id\":42,\"t\":123456}");
            JsonObject pong = Messages.parse(s.next(WAIT));
            assertEquals("pong", pong.get("type").getAsString());
            assertEquals(42, pong.get("id").getAsLong());
            assertEquals(123456, pong.get("t").getAsLong());

            s.binary(new byte[100]);
            assertEquals("no_session", Messages.parse(s.next(WAIT)).get("code").getAsString());
            s.text("{\"type\":\"start\",\"model\":\"en-us\",\"sample_rate\":16000,\"format\":\"i16\"}");
            assertEquals("started", Messages.type(s.next(WAIT)));
            assertEquals("ready", Messages.type(s.next(WAIT)));
            s.binary(new byte[3]);
            assertEquals("bad_frame", Messages.parse(s.next(WAIT)).get("code").getAsString());
            s.binary(V2.audioFrame(0, new byte[640], 0, 640));
            s.binary(V2.audioFrame(0, new byte[640], 0, 640)); // a resend: ignored
            s.binary(V2.audioFrame(5, new byte[640], 0, 640)); // frames 1..4 lost
            JsonObject gap = Messages.parse(s.next(WAIT));
            assertEquals("sequence_gap", gap.get("code").getAsString(), gap.toString());
            s.binary(V2.audioFrame(6, new byte[641], 0, 641)); // odd byte count
            assertEquals("bad_audio", Messages.parse(s.next(WAIT)).get("code").getAsString());
            s.text("{\"type\":\"resume\",\"session\":\"../../etc\"}");
            assertEquals("session_active", Messages.parse(s.next(WAIT)).get("code").getAsString());
            s.text("{\"type\":\"stop\"}");
            JsonObject stopped = Messages.parse(s.nextMatching(WAIT, m -> Messages.type(m).equals("stopped"), null));
            assertEquals(6, stopped.get("ack_seq").getAsLong());
            s.text("{\"type\":\"resume\",\"session\":\"../../etc\",\"sample_rate\":16000,\"format\":\"i16\"}");
            assertEquals("bad_field", Messages.parse(s.next(WAIT)).get("code").getAsString());
            assertTrue(s.isOpen());
        }
    }

    /** A resume's adaptive state comes from the network: anything but a state the engine made is a clean error. */
    @Test
    void aResumeWithAHostileStateGetsAnErrorAndNoSession() throws Exception {
        try (TestSocket s = TestSocket.open(server.server.v2StreamUri())) {
            s.text("{\"type\":\"hello\",\"protocol\":2}");
            s.next(WAIT);
            String resume = "{\"type\":\"resume\",\"session\":\"lost-session-1\",\"token\":\"" + "t".repeat(43)
                    + "\",\"model\":\"en-us\",\"sample_rate\":16000,\"format\":\"i16\",\"acked_seq\":-1,\"acked_time\":0,\"state\":";
            for (String bad : new String[] { "\"../../etc\"", "\"" + "A".repeat(V2.MAX_STATE_CHARS + 1) + "\"", "{\"a\":1}", "\"\"" }) {
                s.text(resume + bad + "}");
                JsonObject e = Messages.parse(s.next(WAIT));
                assertEquals("bad_field", e.get("code").getAsString(), bad + " -> " + e);
                assertFalse(e.get("fatal").getAsBoolean());
            }
            // well-formed, but not a state the engine made (too short, truncated, another engine's): the engine refuses it
            for (String bad : new String[] { "ps1.AAAA", "ps1.DQAAACwBAAAAAMB_", "xx9.abc" }) {
                s.text(resume + "\"" + bad + "\"}");
                JsonObject e = Messages.parse(s.next(WAIT));
                assertEquals("bad_state", e.get("code").getAsString(), bad + " -> " + e);
                assertFalse(e.get("fatal").getAsBoolean());
            }
            // no session was left behind: the connection starts a new one
            s.text("{\"type\":\"start\",\"model\":\"en-us\",\"sample_rate\":16000,\"format\":\"i16\"}");
            assertEquals("started", Messages.type(s.next(WAIT)));
            assertEquals("ready", Messages.type(s.next(WAIT)));
            assertTrue(s.isOpen());
        }
    }

    /** Finals and acks carry the engine's adaptive state; a resume on a restarted server that brings it is accepted. */
    @Test
    void finalsCarryTheAdaptiveStateAndARestartedServerTakesItBack() throws Exception {
        String state;
        try (V2TestClient c = client()) {
            c.connect(server.server.v2StreamUri());
            c.start();
            c.sendUntil(c.frameCount());
            c.stop();
            state = c.state;
        }
        assertTrue(state != null && state.startsWith("ps1."), "a final's state: " + state);
        try (TestSocket s = TestSocket.open(server.server.v2StreamUri())) {
            s.text("{\"type\":\"hello\",\"protocol\":2}");
            s.next(WAIT);
            s.text("{\"type\":\"resume\",\"session\":\"lost-session-2\",\"token\":\"" + "u".repeat(43)
                    + "\",\"model\":\"en-us\",\"sample_rate\":16000,\"format\":\"i16\",\"acked_seq\":41,\"acked_time\":3.5,"
                    + "\"state\":\"" + state + "\"}");
            JsonObject resumed = Messages.parse(s.next(WAIT));
            assertEquals("resumed", resumed.get("type").getAsString(), resumed.toString());
            assertFalse(resumed.get("restored").getAsBoolean());
            assertEquals(42, resumed.get("next_seq").getAsLong());
            assertEquals("ready", Messages.type(s.next(WAIT)));
        }
    }
}
