package dev.hark.server.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.gson.JsonObject;

import dev.hark.core.audio.Resampler;
import dev.hark.testing.ServerProcess;
import dev.hark.testing.Speech;

/**
 * {@code /api/inference} decodes a WAV as it reads it (issue 14, point 5): a valid 10-minute 48 kHz stereo file, whose
 * samples alone are 230 MB as floats, is transcribed by a server process with a 160 MB heap (reading it whole threw
 * OutOfMemoryError, a 500).
 */
class InferenceMemoryTest {

    static final int RATE = 48_000;
    static final int SECONDS = 600;
    static final String SENTENCE = "the weather is nice today";

    @Test
    void aTenMinuteStereoWavIsTranscribedUnderASmallHeap(@TempDir Path dir) throws Exception {
        Path wav = dir.resolve("ten-minutes.wav");
        writeStereoWav(wav);
        int port = dev.hark.testing.RunningServer.freePort();
        try (ServerProcess server = ServerProcess.start(port, dir.resolve("data"), "-Xmx160m")) {
            String boundary = "hark-large";
            byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"ten-minutes.wav\"\r\n"
                    + "Content-Type: audio/wav\r\n\r\n").getBytes(StandardCharsets.UTF_8);
            byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
            HttpRequest request = HttpRequest.newBuilder(server.httpUri().resolve("/api/inference?model_name=en-us"))
                    .timeout(Duration.ofMinutes(5)).header("Content-Type", "multipart/form-data; boundary=" + boundary)
                    .POST(HttpRequest.BodyPublishers.concat(HttpRequest.BodyPublishers.ofByteArray(head),
                            HttpRequest.BodyPublishers.ofFile(wav), HttpRequest.BodyPublishers.ofByteArray(tail)))
                    .build();
            HttpResponse<String> response;
            try (HttpClient http = HttpClient.newHttpClient()) {
                response = http.send(request, HttpResponse.BodyHandlers.ofString());
            }
            assertEquals(200, response.statusCode(), response.body() + "\n" + String.join("\n", server.outputTail()));
            JsonObject result = Messages.parse(response.body());
            String text = result.get("transcription").getAsString();
            System.out.printf("10-minute 48 kHz stereo WAV (%d MB) under -Xmx160m: \"%s\" in %.1f s%n",
                    Files.size(wav) >> 20, text, result.get("inference_time_ms").getAsDouble() / 1000);
            assertEquals(SECONDS, result.get("audio_seconds").getAsDouble(), 0.01);
            assertTrue(text.startsWith("the weather") && text.endsWith("today") && text.split(" ").length >= 8,
                    "the sentence at the start and the one at the end: " + text);
        }
    }

    /** 16-bit stereo at 48 kHz: the sentence at 1 s and again 5 s before the end, silence between (115 MB). */
    private static void writeStereoWav(Path wav) throws IOException {
        var speech = Speech.flite(SENTENCE, "slt");
        Resampler r = new Resampler(speech.sampleRate(), RATE);
        float[] sentence = Speech.concat(r.process(speech.samples()), r.flush());
        long frames = (long) SECONDS * RATE;
        long at1 = RATE;
        long at2 = frames - 5L * RATE;
        try (OutputStream file = Files.newOutputStream(wav);
                DataOutputStream out = new DataOutputStream(new BufferedOutputStream(file, 1 << 20))) {
            long dataBytes = frames * 4;
            out.writeBytes("RIFF");
            out.writeInt(Integer.reverseBytes((int) (36 + dataBytes)));
            out.writeBytes("WAVEfmt ");
            out.writeInt(Integer.reverseBytes(16));
            out.writeShort(Short.reverseBytes((short) 1));
            out.writeShort(Short.reverseBytes((short) 2));
            out.writeInt(Integer.reverseBytes(RATE));
            out.writeInt(Integer.reverseBytes(RATE * 4));
            out.writeShort(Short.reverseBytes((short) 4));
            out.writeShort(Short.reverseBytes((short) 16));
            out.writeBytes("data");
            out.writeInt(Integer.reverseBytes((int) dataBytes));
            for (long i = 0; i < frames; i++) {
                float v = 0;
                if (i >= at1 && i < at1 + sentence.length) {
                    v = sentence[(int) (i - at1)];
                } else if (i >= at2 && i < at2 + sentence.length) {
                    v = sentence[(int) (i - at2)];
                }
                short s = (short) Math.round(Math.max(-1f, Math.min(1f, v)) * 32767);
                out.writeShort(Short.reverseBytes(s));
                out.writeShort(Short.reverseBytes(s));
            }
        }
    }
}
