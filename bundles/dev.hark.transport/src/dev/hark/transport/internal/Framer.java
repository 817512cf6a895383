package dev.hark.transport.internal;

import java.util.ArrayList;
import java.util.List;

import dev.hark.core.audio.PcmDecoder;
import dev.hark.core.audio.PcmFormat;

/** Cuts audio into frame payloads in the wire format, none longer than a maximum. */
public final class Framer {

    /** One payload and the number of samples it holds. */
    public record Piece(byte[] pcm, int samples) {
    }

    private final PcmFormat format;
    private final int samplesPerFrame;

    /** @param maxFrameBytes largest payload; at least one sample */
    public Framer(PcmFormat format, int maxFrameBytes) {
        this.format = format;
        this.samplesPerFrame = maxFrameBytes / format.bytesPerSample();
        if (samplesPerFrame < 1) {
            throw new IllegalArgumentException("a frame must hold at least one sample");
        }
    }

    /** {@code samples} in order, as payloads of at most the maximum size. */
    public List<Piece> cut(float[] samples) {
        List<Piece> pieces = new ArrayList<>(samples.length / samplesPerFrame + 1);
        for (int off = 0; off < samples.length; off += samplesPerFrame) {
            int len = Math.min(samplesPerFrame, samples.length - off);
            pieces.add(new Piece(PcmDecoder.encode(samples, off, len, format), len));
        }
        return pieces;
    }
}
