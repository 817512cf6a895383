package dev.hark.core.audio.source;

/** Where a {@link PcmSource} delivers its samples (API 1.0). Called on the capture thread only. */
@FunctionalInterface
public interface PcmSink {

    /**
     * Takes {@code length} samples from {@code samples[offset]} (16 kHz mono, [-1, 1]); copies them, so the array may be
     * reused at once. For a source that is not {@link PcmSource#live() live} it waits while Hark's pipe is full.
     *
     * @throws InterruptedException when Hark gave up waiting for the source to stop: return at once
     */
    void accept(float[] samples, int offset, int length) throws InterruptedException;
}
