package dev.hark.core.audio.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import org.junit.jupiter.api.Test;

import dev.hark.core.audio.BadAudioException;
import dev.hark.core.audio.PcmDecoder;
import dev.hark.core.audio.PcmFormat;

class PcmDecoderTest {

    private static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }

    /** Little-endian f32 bytes of the given values, written by hand from the IEEE bits. */
    private static byte[] f32(float... values) {
        byte[] b = new byte[values.length * 4];
        for (int i = 0; i < values.length; i++) {
            int bits = Float.floatToRawIntBits(values[i]);
            b[4 * i] = (byte) bits;
            b[4 * i + 1] = (byte) (bits >>> 8);
            b[4 * i + 2] = (byte) (bits >>> 16);
            b[4 * i + 3] = (byte) (bits >>> 24);
        }
        return b;
    }

    // --- PcmFormat ---

    @Test
    void formatSizesAndNames() {
        assertEquals(2, PcmFormat.I16.bytesPerSample());
        assertEquals(4, PcmFormat.F32.bytesPerSample());
        assertEquals(PcmFormat.I16, PcmFormat.parse("i16"));
        assertEquals(PcmFormat.I16, PcmFormat.parse("I16"));
        assertEquals(PcmFormat.F32, PcmFormat.parse("f32"));
        assertEquals(PcmFormat.F32, PcmFormat.parse("F32"));
        assertEquals("i16", PcmFormat.I16.wireName());
        assertEquals("f32", PcmFormat.F32.wireName());
    }

    @Test
    void parseRejectsAnythingElseClearly() {
        for (String bad : new String[] { "s16le", "", " i16", "f64", "pcm" }) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PcmFormat.parse(bad));
            assertTrue(e.getMessage().contains('"' + bad + '"') && e.getMessage().contains("\"i16\" or \"f32\""),
                    e.getMessage());
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PcmFormat.parse(null));
        assertTrue(e.getMessage().contains("null"), e.getMessage());
    }

    // --- i16 ---

    @Test
    void i16IsLittleEndianAndScaledBy32768() throws Exception {
        float[] x = PcmDecoder.decode(bytes(0x01, 0x00, 0x00, 0x01, 0xFF, 0x7F, 0x00, 0x80, 0xFF, 0xFF, 0x00, 0x40),
                PcmFormat.I16);
        assertArrayEquals(new float[] { 1 / 32768f, 256 / 32768f, 32767 / 32768f, -1f, -1 / 32768f, 0.5f }, x);
    }

    @Test
    void i16RoundTripsEveryValue() throws Exception {
        byte[] all = new byte[65536 * 2];
        for (int v = -32768; v <= 32767; v++) {
            int i = v + 32768;
            all[2 * i] = (byte) v;
            all[2 * i + 1] = (byte) (v >> 8);
        }
        float[] x = PcmDecoder.decode(all, PcmFormat.I16);
        assertEquals(65536, x.length);
        for (float f : x) {
            assertTrue(f >= -1f && f < 1f);
        }
        assertArrayEquals(all, PcmDecoder.encode(x, PcmFormat.I16));
    }

    @Test
    void i16EncodeRoundsAndClips() {
        float lsb = 1 / 32768f;
        byte[] b = PcmDecoder.encode(new float[] { 0.4f * lsb, 0.6f * lsb, -0.6f * lsb, 258 * lsb, 1f, 2f, -1f, -7f, 0.5f },
                PcmFormat.I16);
        assertArrayEquals(bytes(0x00, 0x00, 0x01, 0x00, 0xFF, 0xFF, 0x02, 0x01, 0xFF, 0x7F, 0xFF, 0x7F, 0x00, 0x80,
                0x00, 0x80, 0x00, 0x40), b);
        assertThrows(IllegalArgumentException.class, () -> PcmDecoder.encode(new float[] { 0, Float.NaN }, PcmFormat.I16));
        assertThrows(IllegalArgumentException.class,
                () -> PcmDecoder.encode(new float[] { Float.POSITIVE_INFINITY }, PcmFormat.F32));
    }

    @Test
    void framesThatAreNotWholeSamplesAreRejected() {
        BadAudioException e = assertThrows(BadAudioException.class, () -> PcmDecoder.decode(new byte[7], PcmFormat.I16));
        assertEquals("frame of 7 bytes is not a whole number of 2-byte i16 samples", e.getMessage());
        e = assertThrows(BadAudioException.class, () -> PcmDecoder.decode(new byte[6], PcmFormat.F32));
        assertEquals("frame of 6 bytes is not a whole number of 4-byte f32 samples", e.getMessage());
        e = assertThrows(BadAudioException.class, () -> PcmDecoder.decode(new byte[1], PcmFormat.I16));
        assertEquals("frame of 1 bytes is not a whole number of 2-byte i16 samples", e.getMessage());
    }

    @Test
    void emptyFrameDecodesToNoSamples() throws Exception {
        assertEquals(0, PcmDecoder.decode(new byte[0], PcmFormat.I16).length);
        assertEquals(0, PcmDecoder.decode(ByteBuffer.allocate(0), PcmFormat.F32).length);
    }

    // --- f32 ---

    @Test
    void f32IsLittleEndian() throws Exception {
        // 1.0f = 0x3F800000, -0.5f = 0xBF000000, 0.25f = 0x3E800000
        float[] x = PcmDecoder.decode(bytes(0x00, 0x00, 0x80, 0x3F, 0x00, 0x00, 0x00, 0xBF, 0x00, 0x00, 0x80, 0x3E),
                PcmFormat.F32);
        assertArrayEquals(new float[] { 1f, -0.5f, 0.25f }, x);
        assertArrayEquals(bytes(0x00, 0x00, 0x80, 0x3F, 0x00, 0x00, 0x00, 0xBF),
                PcmDecoder.encode(new float[] { 1f, -0.5f }, PcmFormat.F32));
    }

    @Test
    void f32RoundTrips() throws Exception {
        float[] x = { 0f, 0.123f, -0.999f, 1f, -1f, 1e-30f };
        assertArrayEquals(x, PcmDecoder.decode(PcmDecoder.encode(x, PcmFormat.F32), PcmFormat.F32));
    }

    @Test
    void nonFiniteF32SamplesAreRejectedWithTheirIndex() {
        float[] x = new float[20];
        x[12] = Float.NaN;
        BadAudioException e = assertThrows(BadAudioException.class, () -> PcmDecoder.decode(f32(x), PcmFormat.F32));
        assertEquals("f32 frame has a NaN sample at index 12", e.getMessage());
        x[12] = 0;
        x[3] = Float.POSITIVE_INFINITY;
        e = assertThrows(BadAudioException.class, () -> PcmDecoder.decode(f32(x), PcmFormat.F32));
        assertEquals("f32 frame has a +Inf sample at index 3", e.getMessage());
        x[3] = Float.NEGATIVE_INFINITY;
        e = assertThrows(BadAudioException.class, () -> PcmDecoder.decode(f32(x), PcmFormat.F32));
        assertEquals("f32 frame has a -Inf sample at index 3", e.getMessage());
    }

    @Test
    void f32FarOutOfRangeIsRejectedAndSlightlyOutOfRangeIsClipped() throws Exception {
        assertArrayEquals(new float[] { 1f, -1f, 1f, -1f, 0.75f },
                PcmDecoder.decode(f32(1.5f, -3f, 64f, -64f, 0.75f), PcmFormat.F32));
        for (float bad : new float[] { 64.01f, -65f, 1e6f, -Float.MAX_VALUE }) {
            BadAudioException e = assertThrows(BadAudioException.class,
                    () -> PcmDecoder.decode(f32(0.1f, bad), PcmFormat.F32));
            assertTrue(e.getMessage().startsWith("f32 frame has sample ") && e.getMessage().contains("at index 1")
                    && e.getMessage().contains("byte order"), e.getMessage());
        }
        // i16 little-endian bytes misread as f32 are a typical source of wild values
        byte[] i16Bytes = PcmDecoder.encode(new float[] { 0.3f, -0.3f, 0.3f, -0.3f }, PcmFormat.I16);
        byte[] bigEndianHalf = bytes(0x3F, 0x00, 0x00, 0x00); // 0.5f written big-endian: tiny when read LE, accepted
        assertEquals(1, PcmDecoder.decode(bigEndianHalf, PcmFormat.F32).length);
        assertThrows(BadAudioException.class, () -> PcmDecoder.decode(i16Bytes, PcmFormat.F32));
    }

    // --- ByteBuffer ---

    @Test
    void byteBufferIsReadLittleEndianFromItsPositionAndLeftUntouched() throws Exception {
        byte[] raw = bytes(0x7A, 0x7A, 0x01, 0x00, 0x00, 0x80, 0x7A);
        ByteBuffer heap = ByteBuffer.wrap(raw).order(ByteOrder.BIG_ENDIAN);
        heap.position(2).limit(6);
        assertArrayEquals(new float[] { 1 / 32768f, -1f }, PcmDecoder.decode(heap, PcmFormat.I16));
        assertEquals(2, heap.position());
        assertEquals(6, heap.limit());
        assertEquals(ByteOrder.BIG_ENDIAN, heap.order());

        ByteBuffer sliced = ByteBuffer.wrap(raw, 1, 5).slice(); // non-zero array offset
        sliced.position(1).limit(5);
        assertArrayEquals(new float[] { 1 / 32768f, -1f }, PcmDecoder.decode(sliced, PcmFormat.I16));

        ByteBuffer direct = ByteBuffer.allocateDirect(9);
        direct.put((byte) 0x55).put(f32(1f, -0.5f)).flip().position(1);
        assertArrayEquals(new float[] { 1f, -0.5f }, PcmDecoder.decode(direct, PcmFormat.F32));
        assertEquals(1, direct.position());

        ByteBuffer odd = ByteBuffer.allocateDirect(3);
        assertThrows(BadAudioException.class, () -> PcmDecoder.decode(odd, PcmFormat.I16));
    }

    @Test
    void arraySliceIsDecoded() throws Exception {
        byte[] raw = bytes(0x11, 0x00, 0x40, 0x22);
        assertArrayEquals(new float[] { 0.5f }, PcmDecoder.decode(raw, 1, 2, PcmFormat.I16));
        assertThrows(IndexOutOfBoundsException.class, () -> PcmDecoder.decode(raw, 3, 2, PcmFormat.I16));
    }
}
