package dev.hark.transport.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.hark.core.audio.PcmFormat;
import dev.hark.transport.internal.Framer;

/** Audio into frame payloads of bounded size. */
class FramerTest {

    @Test
    void longAudioIsCutIntoFramesOfAtMostTheLimitInOrder() {
        float[] samples = new float[40_000];
        for (int i = 0; i < samples.length; i++) {
            samples[i] = (i % 1000) / 1000f;
        }
        List<Framer.Piece> pieces = new Framer(PcmFormat.F32, 64 * 1024).cut(samples);
        assertEquals(List.of(16_384, 16_384, 7_232), pieces.stream().map(Framer.Piece::samples).toList());
        assertTrue(pieces.stream().allMatch(p -> p.pcm().length == p.samples() * 4));
        ByteBuffer third = ByteBuffer.wrap(pieces.get(2).pcm()).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(samples[32_768], third.getFloat(0), "the third frame starts where the second ended");
    }

    @Test
    void sixteenBitSamplesFitTwiceAsManyPerFrame() {
        List<Framer.Piece> pieces = new Framer(PcmFormat.I16, 64 * 1024).cut(new float[40_000]);
        assertEquals(List.of(32_768, 7_232), pieces.stream().map(Framer.Piece::samples).toList());
        assertEquals(7_232 * 2, pieces.get(1).pcm().length);
    }

    @Test
    void shortAndEmptyAudio() {
        Framer f = new Framer(PcmFormat.F32, 64 * 1024);
        assertEquals(1, f.cut(new float[320]).size());
        assertEquals(0, f.cut(new float[0]).size());
        assertThrows(IllegalArgumentException.class, () -> new Framer(PcmFormat.F32, 3));
    }
}
