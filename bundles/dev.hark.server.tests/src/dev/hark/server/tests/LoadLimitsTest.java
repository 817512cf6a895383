package dev.hark.server.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.gson.JsonObject;

import dev.hark.core.audio.PcmFormat;
import dev.hark.protocol.V2;
import dev.hark.server.ServerConfig;
import dev.hark.testing.Await;
import dev.hark.testing.RunningServer;
import dev.hark.testing.TestSocket;

/**
 * Admission control and the bounds of v2 sessions, on a real server over loopback sockets, with a small stream
 * capacity so that a handful of connections reach it: past capacity a start is refused at once with busy (v1 and
 * v2), never queued; a dropped v2 session frees its decoder at once; a session is resumed only with its token and
 * never taken over while live; numbers are validated strictly.
 */
class LoadLimitsTest {

    static final Duration WAIT = Duration.ofSeconds(30);
    static final int CAPACITY = 2;

    @TempDir
    static Path data;
    static RunningServer server;

    @BeforeAll
    static void startServer() throws Exception {
        server = RunningServer.start(ServerConfig.defaults().withPort(0).withDataDir(data).withMaxStreamsPerModel(CAPACITY)
                .withMaxDetachedSessions(3));
    }

    @AfterAll
    static void stopServer() throws Exception {
        server.close();
    }

    private static TestSocket v2() throws Exception {
        TestSocket s = TestSocket.open(server.server.v2StreamUri());
        s.text("{\"type\":\"hello\",\"protocol\":2}");
        assertEquals("hello", Messages.type(s.next(WAIT)));
        return s;
    }

    private static JsonObject startV2(TestSocket s) throws Exception {
        s.text("{\"type\":\"start\",\"model\":\"en-us\",\"sample_rate\":16000,\"format\":\"i16\"}");
        return Messages.parse(s.next(WAIT));
    }

    private static void waitForStreams(int n) throws InterruptedException {
        Await.until(WAIT, n + " streams in use (now " + server.server.streamsInUse() + ")",
                () -> server.server.streamsInUse() == n);
    }

    @Test
    void pastCapacityAStartIsRefusedAtOnceWithBusyNotQueued() throws Exception {
        assertEquals(CAPACITY, server.server.streamCapacity());
        List<TestSocket> admitted = new ArrayList<>();
        try {
            for (int i = 0; i < CAPACITY; i++) {
                TestSocket s = v2();
                admitted.add(s);
                assertEquals("started", Messages.type(startV2(s).toString()));
                assertEquals("ready", Messages.type(s.next(WAIT)));
            }
            assertEquals(CAPACITY, server.server.streamsInUse());
            // v2: an immediate, documented busy with a retry-after; the socket stays usable
            try (TestSocket refused = v2()) {
                long t0 = System.nanoTime();
                JsonObject busy = startV2(refused);
                long millis = (System.nanoTime() - t0) / 1_000_000;
                assertEquals("error", busy.get("type").getAsString(), busy.toString());
                assertEquals(V2.BUSY, busy.get("code").getAsString(), busy.toString());
                assertFalse(busy.get("fatal").getAsBoolean());
                assertTrue(busy.get("retry_after_ms").getAsLong() > 0, busy.toString());
                assertTrue(busy.get("message").getAsString().contains("busy"), busy.toString());
                assertTrue(millis < 5_000, "busy must be immediate, took " + millis + " ms");
                assertTrue(refused.isOpen());
                // v1: an error with a clear message, no ready
                try (TestSocket v1 = TestSocket.open(server.server.v1StreamUri())) {
                    v1.text("{\"type\":\"start\",\"model_name\":\"en-us\",\"sample_rate\":16000}");
                    String answer = v1.next(WAIT);
                    assertEquals("error", Messages.type(answer), answer);
                    assertTrue(Messages.v1Value(answer, "message").contains("server busy"), answer);
                }
                // a slot frees: the refused connection's next start is admitted
                admitted.remove(0).close();
                waitForStreams(CAPACITY - 1);
                assertEquals("started", Messages.type(startV2(refused).toString()));
                assertEquals("ready", Messages.type(refused.next(WAIT)));
                refused.text("{\"type\":\"stop\"}");
                assertEquals("stopped", Messages.type(refused.nextMatching(WAIT, m -> Messages.type(m).equals("stopped"), null)));
            }
        } finally {
            admitted.forEach(TestSocket::close);
        }
        waitForStreams(0);
    }

    @Test
    void droppedSessionsFreeTheirDecodersAtOnceAndAreCapped() throws Exception {
        // start-and-drop repeatedly: each drop must free its decoder (not hold it for the resume window)
        for (int i = 0; i < 6; i++) {
            try (TestSocket s = v2()) {
                assertEquals("started", Messages.type(startV2(s).toString()));
                assertEquals("ready", Messages.type(s.next(WAIT)));
                s.binary(V2.audioFrame(0, new byte[3200], 0, 3200));
                s.abort();
            }
            waitForStreams(0);
        }
        Await.until(WAIT, "detached sessions capped at 3 (now " + server.server.detachedSessionCount() + ")",
                () -> server.server.detachedSessionCount() == 3);
    }

    @Test
    void aResumeNeedsTheTokenAndNeverTakesOverALiveSession() throws Exception {
        float[] audio = Audio.utterance(Audio.SENTENCE, 16_000);
        try (V2TestClient owner = new V2TestClient("en-us", audio, 16_000, PcmFormat.I16, 320)) {
            owner.connect(server.server.v2StreamUri());
            owner.start();
            assertTrue(owner.session.length() >= 20, "session ids must be long random strings: " + owner.session);
            assertTrue(owner.token.length() >= 40, "resume tokens carry 256 bits: " + owner.token);
            assertNotEquals(owner.session, owner.token);
            owner.sendUntil(20);
            try (TestSocket thief = v2()) {
                // the session id alone (no or a wrong token) gets nothing
                thief.text(owner.resumeMessage("A" + owner.token.substring(1)));
                assertEquals(V2.BAD_TOKEN, Messages.parse(thief.next(WAIT)).get("code").getAsString());
                thief.text(owner.resumeMessage("").replace(",\"token\":\"\"", ""));
                assertEquals("bad_field", Messages.parse(thief.next(WAIT)).get("code").getAsString());
                // even with the token, a live session is not taken over
                thief.text(owner.resumeMessage(owner.token));
                assertEquals(V2.SESSION_LIVE, Messages.parse(thief.next(WAIT)).get("code").getAsString());
            }
            // the owner's session goes on undisturbed
            owner.sendUntil(owner.frameCount());
            owner.stop();
            assertTrue(owner.errors.isEmpty(), owner.errors.toString());
            assertFalse(owner.transcript().isBlank());
        }
        waitForStreams(0);
    }

    @Test
    void v2NumbersAreValidatedStrictly() throws Exception {
        try (TestSocket s = v2()) {
            for (String bad : List.of("\"sample_rate\":16000.5", "\"sample_rate\":2.7", "\"sample_rate\":1e12", "\"sample_rate\":\"16000\"")) {
                s.text("{\"type\":\"start\",\"model\":\"en-us\",\"format\":\"i16\"," + bad + "}");
                JsonObject e = Messages.parse(s.next(WAIT));
                assertEquals("bad_field", e.get("code").getAsString(), bad + " -> " + e);
                assertTrue(e.get("message").getAsString().contains("sample_rate"), e.toString());
            }
            s.text("{\"type\":\"resume\",\"session\":\"abc\",\"token\":\"t\",\"model\":\"en-us\",\"sample_rate\":16000,"
                    + "\"format\":\"i16\",\"acked_seq\":9223372036854775807,\"acked_time\":1}");
            JsonObject e = Messages.parse(s.next(WAIT));
            assertEquals("bad_field", e.get("code").getAsString(), e.toString());
            assertTrue(e.get("message").getAsString().contains("acked_seq"), e.toString());
            s.text("{\"type\":\"ping\",\"id\":1.5,\"t\":0}");
            assertEquals("bad_field", Messages.parse(s.next(WAIT)).get("code").getAsString());
            assertTrue(s.isOpen());
        }
        assertEquals(0, server.server.streamsInUse());
    }
}
