package dev.hark.server.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.gson.JsonObject;

import dev.hark.core.audio.PcmDecoder;
import dev.hark.core.audio.PcmFormat;
import dev.hark.testing.RunningServer;
import dev.hark.testing.TestSocket;
import dev.hark.testing.WordErrorRate;

/** Protocol v1 on {@code /ws} over real sockets, with speech synthesized in the test. */
class V1StreamTest {

    static final Duration WAIT = Duration.ofSeconds(30);
    /** The WER a flite sentence must reach through the generic language model (measured: 0 %). */
    static final double SENTENCE_WER = 0.30;

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

    static String start(String model, int rate, String format) {
        return "{\"type\":\"start\",\"model_name\":\"" + model + "\",\"sample_rate\":" + rate + ",\"format\":\"" + format + "\"}";
    }

    static final String STOP = "{\"type\":\"stop\"}";

    /** Sends {@code audio} in frames of {@code frame} samples, as fast as the server takes them. */
    static void stream(TestSocket socket, float[] audio, PcmFormat format, int frame) throws Exception {
        for (int off = 0; off < audio.length; off += frame) {
            socket.binary(PcmDecoder.encode(audio, off, Math.min(frame, audio.length - off), format));
        }
    }

    /** Sends stop and returns every message up to and including "stopped". */
    static List<String> stopAndCollect(TestSocket socket) throws Exception {
        socket.text(STOP);
        List<String> before = new ArrayList<>();
        socket.nextMatching(WAIT, m -> Messages.isV1Status(m, "stopped"), before);
        return before;
    }

    /** The session's text: the last final's {@code text} (v1 finals carry the session so far), checked against the segments. */
    static String finalText(List<String> messages) {
        List<String> finals = Messages.ofType(messages, "final");
        if (finals.isEmpty()) {
            return "";
        }
        String segments = finals.stream().map(m -> Messages.v1Value(m, "segment_text")).collect(Collectors.joining(" "));
        String session = Messages.v1Value(finals.get(finals.size() - 1), "text");
        assertEquals(segments, session, "the last final's text is the session's segments joined: " + finals);
        return session;
    }

    static void expectReady(TestSocket socket) throws InterruptedException {
        String m = socket.next(WAIT);
        assertTrue(Messages.isV1Status(m, "ready"), "expected ready, got " + m);
    }

    static void expectError(TestSocket socket, String containing) throws InterruptedException {
        String m = socket.next(WAIT);
        assertEquals("error", Messages.type(m), m);
        String message = Messages.v1Value(m, "message");
        assertTrue(message.contains(containing), "error \"" + message + "\" should mention \"" + containing + "\"");
    }

    @Test
    void sentenceAt48kHzFloatIn10msFramesGivesPartialsThenFinals() throws Exception {
        float[] audio = Audio.utterance(Audio.SENTENCE, 48_000);
        try (TestSocket socket = TestSocket.open(server.server.v1StreamUri())) {
            socket.text(start("conformer", 48_000, "f32"));
            expectReady(socket);
            List<String> during = new ArrayList<>();
            stream(socket, audio, PcmFormat.F32, 480);
            during.addAll(stopAndCollect(socket));
            List<String> partials = Messages.ofType(during, "partial");
            assertFalse(partials.isEmpty(), "no partial while speaking: " + during);
            int firstPartial = during.indexOf(partials.get(0));
            int firstFinal = during.indexOf(Messages.ofType(during, "final").get(0));
            assertTrue(firstPartial < firstFinal, "partials must come before the final: " + during);
            String text = finalText(during);
            double wer = WordErrorRate.of(Audio.SENTENCE, text);
            System.out.printf("v1 48 kHz f32: \"%s\" WER %.2f, %d partials%n", text, wer, partials.size());
            assertTrue(wer <= SENTENCE_WER, "WER " + wer + " for \"" + text + "\"");
            JsonObject payload = Messages.parse(Messages.ofType(during, "final").get(0)).getAsJsonObject("payload");
            assertTrue(payload.get("end").getAsDouble() > payload.get("start").getAsDouble(), "final has times: " + payload);
        }
    }

    @Test
    void digitsThroughTheGrammarModel() throws Exception {
        float[] audio = Audio.utterance(Audio.DIGITS, 16_000);
        try (TestSocket socket = TestSocket.open(server.server.v1StreamUri())) {
            socket.text(start("en-us-digits", 16_000, "i16"));
            expectReady(socket);
            stream(socket, audio, PcmFormat.I16, 1600);
            String text = finalText(stopAndCollect(socket));
            double wer = WordErrorRate.of(Audio.DIGITS, text);
            System.out.printf("v1 digits: \"%s\" WER %.2f%n", text, wer);
            assertTrue(wer <= 0.25, "WER " + wer + " for \"" + text + "\"");
        }
    }

    @Test
    void badInputGetsAnErrorAndTheSocketStaysUsable() throws Exception {
        try (TestSocket socket = TestSocket.open(server.server.v1StreamUri())) {
            socket.text("this is not json");
            expectError(socket, "invalid JSON");
            socket.text("{\"type\":\"dance\"}");
            expectError(socket, "unknown message type");
            socket.text("[1,2]");
            expectError(socket, "JSON object");
            socket.binary(new byte[640]);
            expectError(socket, "audio before start");
            socket.text(start("conformer", 5, "f32"));
            expectError(socket, "sample_rate");
            socket.text(start("conformer", 10_000_000, "f32"));
            expectError(socket, "sample_rate");
            socket.text(start("conformer", 16_000, "s24"));
            expectError(socket, "format");
            socket.text("{\"type\":\"start\",\"sample_rate\":\"fast\"}");
            expectError(socket, "sample_rate");
            socket.text(start("no-such-model", 16_000, "i16"));
            expectError(socket, "available: ");

            socket.text(start("en-us", 16_000, "f32"));
            expectReady(socket);
            socket.text(start("en-us", 16_000, "f32"));
            expectReady(socket); // v1 re-initialised on a second start
            socket.binary(new byte[7]);
            expectError(socket, "whole number");
            ByteBuffer nan = ByteBuffer.allocate(4 * 160).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < 160; i++) {
                nan.putFloat(i == 80 ? Float.NaN : 0f);
            }
            socket.binary(nan.array());
            expectError(socket, "NaN");
            ByteBuffer inf = ByteBuffer.allocate(4 * 16).order(ByteOrder.LITTLE_ENDIAN);
            inf.putFloat(Float.POSITIVE_INFINITY);
            socket.binary(inf.array());
            expectError(socket, "Inf");
            socket.binary(new byte[(1 << 20) + 4096]);
            expectError(socket, "exceeds");

            // still usable: real speech still comes through
            stream(socket, Audio.utterance(Audio.DIGITS, 16_000), PcmFormat.F32, 1600);
            List<String> rest = stopAndCollect(socket);
            assertTrue(Messages.ofType(rest, "error").isEmpty(), "unexpected errors: " + rest);
            assertFalse(finalText(rest).isBlank(), "no final after the bad input: " + rest);
        }
    }

    @Test
    void finalsCarryTheSessionTextSoFarAndTheUtteranceInSegmentText() throws Exception {
        float[] one = Audio.utterance(Audio.SENTENCE, 16_000);
        float[] two = Audio.utterance(Audio.SENTENCE_2, 16_000);
        float[] audio = new float[one.length + 16_000 + two.length];
        System.arraycopy(one, 0, audio, 0, one.length);
        System.arraycopy(two, 0, audio, one.length + 16_000, two.length);
        try (TestSocket socket = TestSocket.open(server.server.v1StreamUri())) {
            socket.text(start("en-us", 16_000, "i16"));
            expectReady(socket);
            stream(socket, audio, PcmFormat.I16, 1600);
            List<String> finals = Messages.ofType(stopAndCollect(socket), "final");
            assertTrue(finals.size() >= 2, "an endpoint between the sentences gives two finals: " + finals);
            String previous = "";
            for (String f : finals) {
                String text = Messages.v1Value(f, "text");
                assertTrue(text.startsWith(previous), "each final extends the session's text: " + finals);
                assertTrue(text.endsWith(Messages.v1Value(f, "segment_text")), f);
                previous = text;
            }
            String session = finalText(finals);
            assertTrue(WordErrorRate.of(Audio.SENTENCE + " " + Audio.SENTENCE_2, session) <= SENTENCE_WER, session);
        }
    }

    @Test
    void audioAfterAFailedStartGetsOneErrorNotOnePerFrame() throws Exception {
        try (TestSocket socket = TestSocket.open(server.server.v1StreamUri())) {
            socket.text(start("no-such-model", 48_000, "f32"));
            expectError(socket, "available: ");
            for (int i = 0; i < 100; i++) {
                socket.binary(new byte[1920]);
            }
            List<String> rest = stopAndCollect(socket);
            List<String> errors = Messages.ofType(rest, "error");
            assertEquals(1, errors.size(), "one error for 100 frames: " + rest);
            assertTrue(Messages.v1Value(errors.get(0), "message").contains("no-such-model"), "it names the failed start: " + errors);
            // after stop, a new start is clean; audio before it is refused once again
            socket.binary(new byte[640]);
            expectError(socket, "audio before start");
        }
    }

    @Test
    void aSecondStartFinishesWhatWasHeardThenAnswersReadyAgain() throws Exception {
        try (TestSocket socket = TestSocket.open(server.server.v1StreamUri())) {
            socket.text(start("en-us", 16_000, "i16"));
            expectReady(socket);
            stream(socket, Audio.utterance(Audio.SENTENCE, 16_000), PcmFormat.I16, 1600);
            socket.text(start("en-us", 48_000, "f32"));
            List<String> before = new ArrayList<>();
            socket.nextMatching(WAIT, m -> Messages.isV1Status(m, "ready"), before);
            assertTrue(Messages.ofType(before, "error").isEmpty(), "no error: " + before);
            String heard = finalText(before);
            assertTrue(WordErrorRate.of(Audio.SENTENCE, heard) <= SENTENCE_WER, "the first session's final arrives before ready: " + before);
            stream(socket, Audio.utterance(Audio.SENTENCE_2, 48_000), PcmFormat.F32, 480);
            String second = finalText(stopAndCollect(socket));
            assertTrue(WordErrorRate.of(Audio.SENTENCE_2, second) <= SENTENCE_WER, "the new session starts afresh: " + second);
        }
    }

    @Test
    void anotherStartMayFollowAStopOnTheSameSocket() throws Exception {
        float[] audio = Audio.utterance(Audio.SENTENCE_2, 16_000);
        try (TestSocket socket = TestSocket.open(server.server.v1StreamUri())) {
            for (int round = 0; round < 2; round++) {
                socket.text(start("conformer", 16_000, "i16"));
                expectReady(socket);
                stream(socket, audio, PcmFormat.I16, 320);
                String text = finalText(stopAndCollect(socket));
                assertTrue(WordErrorRate.of(Audio.SENTENCE_2, text) <= SENTENCE_WER, "round " + round + ": " + text);
            }
            socket.text(STOP); // stop without a session is confirmed, as v1 clients expect
            assertTrue(Messages.isV1Status(socket.next(WAIT), "stopped"));
        }
    }

    @Test
    void concurrentSessionsEachGetTheirOwnTranscript() throws Exception {
        String[] texts = { Audio.SENTENCE, Audio.SENTENCE_2, Audio.SENTENCE_2, Audio.SENTENCE };
        float[][] audio = { Audio.utterance(texts[0], 48_000), Audio.utterance(texts[1], 44_100),
                Audio.utterance(texts[2], 16_000), Audio.utterance(texts[3], 22_050) };
        int[] rates = { 48_000, 44_100, 16_000, 22_050 };
        ExecutorService pool = Executors.newFixedThreadPool(texts.length);
        try {
            List<Future<String>> results = new ArrayList<>();
            for (int i = 0; i < texts.length; i++) {
                int n = i;
                results.add(pool.submit(() -> {
                    try (TestSocket socket = TestSocket.open(server.server.v1StreamUri())) {
                        socket.text(start("en-us", rates[n], "f32"));
                        expectReady(socket);
                        stream(socket, audio[n], PcmFormat.F32, rates[n] / 50);
                        return finalText(stopAndCollect(socket));
                    }
                }));
            }
            for (int i = 0; i < texts.length; i++) {
                String text = results.get(i).get();
                assertTrue(WordErrorRate.of(texts[i], text) <= SENTENCE_WER, "session " + i + " at " + rates[i] + " Hz: " + text);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void trainingBroadcastsReachV1Sockets() throws Exception {
        try (TestSocket socket = TestSocket.open(server.server.v1StreamUri())) {
            var progress = new dev.hark.protocol.training.TrainingProgress(1, 3, 12, 100, null, null, null, null, null, null, null, null);
            dev.hark.testing.Await.until(WAIT, "the socket to subscribe", () -> server.server.trainingEvents().listenerCount() > 0);
            server.server.trainingEvents().publish(progress);
            String m = socket.next(WAIT);
            assertEquals("progress", Messages.type(m));
            assertEquals(12, Messages.parse(m).getAsJsonObject("payload").get("step").getAsInt());
        }
    }
}
