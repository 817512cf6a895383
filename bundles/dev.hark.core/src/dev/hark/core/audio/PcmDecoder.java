package dev.hark.core.audio;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Objects;

/**
 * Converts frames of mono little-endian PCM bytes ({@link PcmFormat}) to float samples in
 * {@code [-1, 1]} and back.
 *
 * <p>Decoding validates what a client can get wrong:
 * <ul>
 * <li>a frame whose length is not a whole number of samples is rejected;</li>
 * <li>{@link PcmFormat#F32} samples that are NaN or infinite are rejected;</li>
 * <li>{@link PcmFormat#F32} samples with {@code |x| > }{@value #F32_REJECT_ABOVE} are rejected: real
 * audio is never that far out of range, such values come from the wrong format or byte order;</li>
 * <li>{@link PcmFormat#F32} samples in {@code (1, }{@value #F32_REJECT_ABOVE}{@code ]} (in magnitude)
 * are clipped to {@code ±1}.</li>
 * </ul>
 * {@link PcmFormat#I16} samples are divided by 32768, so they land in {@code [-1, 32767/32768]}.
 *
 * <p>Stateless and thread-safe.
 */
public final class PcmDecoder {

    /** F32 samples larger than this in magnitude are rejected rather than clipped. */
    public static final float F32_REJECT_ABOVE = 64f;

    private static final VarHandle I16_LE = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle F32_LE = MethodHandles.byteArrayViewVarHandle(float[].class, ByteOrder.LITTLE_ENDIAN);

    private PcmDecoder() {
    }

    /**
     * Decodes a whole byte array.
     *
     * @see #decode(byte[], int, int, PcmFormat)
     */
    public static float[] decode(byte[] frame, PcmFormat format) throws BadAudioException {
        return decode(frame, 0, frame.length, format);
    }

    /**
     * Decodes the remaining bytes of a buffer (position to limit). The buffer's position and its
     * {@link ByteBuffer#order() byte order} are ignored for reading and left unchanged: the bytes are
     * always read as little-endian.
     *
     * @see #decode(byte[], int, int, PcmFormat)
     */
    public static float[] decode(ByteBuffer frame, PcmFormat format) throws BadAudioException {
        Objects.requireNonNull(frame, "frame");
        Objects.requireNonNull(format, "format");
        if (frame.hasArray()) {
            return decode(frame.array(), frame.arrayOffset() + frame.position(), frame.remaining(), format);
        }
        byte[] copy = new byte[frame.remaining()];
        frame.get(frame.position(), copy);
        return decode(copy, 0, copy.length, format);
    }

    /**
     * Decodes {@code len} bytes of mono little-endian PCM.
     *
     * @param frame  the bytes
     * @param off    index of the first byte
     * @param len    number of bytes; must be a multiple of {@link PcmFormat#bytesPerSample()}
     * @param format the sample encoding
     * @return one float per sample, in {@code [-1, 1]}
     * @throws BadAudioException if the length is not a whole number of samples, or (F32) a sample is
     *                           NaN, infinite, or larger in magnitude than {@value #F32_REJECT_ABOVE}
     */
    public static float[] decode(byte[] frame, int off, int len, PcmFormat format) throws BadAudioException {
        Objects.requireNonNull(frame, "frame");
        Objects.requireNonNull(format, "format");
        Objects.checkFromIndexSize(off, len, frame.length);
        int width = format.bytesPerSample();
        if (len % width != 0) {
            throw new BadAudioException("frame of " + len + " bytes is not a whole number of " + width + "-byte "
                    + format.wireName() + " samples");
        }
        float[] out = new float[len / width];
        switch (format) {
            case I16 -> {
                for (int i = 0; i < out.length; i++) {
                    out[i] = (short) I16_LE.get(frame, off + 2 * i) / 32768f;
                }
            }
            case F32 -> {
                for (int i = 0; i < out.length; i++) {
                    float x = (float) F32_LE.get(frame, off + 4 * i);
                    if (!(Math.abs(x) <= 1f)) {
                        x = checkedClip(x, i);
                    }
                    out[i] = x;
                }
            }
        }
        return out;
    }

    private static float checkedClip(float x, int index) throws BadAudioException {
        if (Float.isNaN(x)) {
            throw new BadAudioException("f32 frame has a NaN sample at index " + index);
        }
        if (Float.isInfinite(x)) {
            throw new BadAudioException("f32 frame has " + (x > 0 ? "a +Inf" : "a -Inf") + " sample at index " + index);
        }
        if (Math.abs(x) > F32_REJECT_ABOVE) {
            throw new BadAudioException("f32 frame has sample " + x + " at index " + index
                    + ", far outside [-1, 1] (limit ±" + (int) F32_REJECT_ABOVE
                    + "): wrong sample format or byte order?");
        }
        return x > 0 ? 1f : -1f;
    }

    /**
     * Encodes the whole array.
     *
     * @see #encode(float[], int, int, PcmFormat)
     */
    public static byte[] encode(float[] samples, PcmFormat format) {
        return encode(samples, 0, samples.length, format);
    }

    /**
     * Encodes float samples as mono little-endian PCM, the inverse of {@link #decode}.
     * {@link PcmFormat#I16}: {@code round(x * 32768)} clipped to {@code [-32768, 32767]}, so every
     * i16 value survives a decode/encode round trip unchanged. {@link PcmFormat#F32}: the bits of
     * {@code x}, unchanged (not clipped).
     *
     * @throws IllegalArgumentException if a sample is NaN or infinite
     */
    public static byte[] encode(float[] samples, int off, int len, PcmFormat format) {
        Objects.requireNonNull(samples, "samples");
        Objects.requireNonNull(format, "format");
        Objects.checkFromIndexSize(off, len, samples.length);
        byte[] out = new byte[len * format.bytesPerSample()];
        for (int i = 0; i < len; i++) {
            float x = samples[off + i];
            if (!Float.isFinite(x)) {
                throw new IllegalArgumentException("cannot encode sample " + x + " at index " + (off + i));
            }
            switch (format) {
                case I16 -> {
                    long v = Math.round(x * 32768.0);
                    I16_LE.set(out, 2 * i, (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, v)));
                }
                case F32 -> F32_LE.set(out, 4 * i, x);
            }
        }
        return out;
    }
}
