package dev.hark.audio;

import dev.hark.core.AudioLevel;
import dev.hark.core.Bus;
import dev.hark.core.HarkTopics;

/**
 * Measures RMS, peak and clipping and publishes them at most 20 times a second, whatever the rate
 * chunks arrive at (a file replayed faster than real time included): values are gathered over each
 * 50 ms of wall-clock time. Used by one capture thread.
 */
public final class LevelMeter {

    static final long WINDOW_NANOS = 50_000_000L;
    /** Samples at or beyond this magnitude count as clipped. */
    static final float CLIP = 0.999f;

    private final Bus bus;
    private final String source;
    private double sumSquares;
    private long count;
    private float peak;
    private int clipped;
    private long windowStart = System.nanoTime();
    private long published;

    public LevelMeter(Bus bus, String source) {
        this.bus = bus;
        this.source = source;
    }

    public void accept(float[] samples, int off, int len) {
        for (int i = off; i < off + len; i++) {
            float a = Math.abs(samples[i]);
            sumSquares += (double) a * a;
            if (a > peak) {
                peak = a;
            }
            if (a >= CLIP) {
                clipped++;
            }
        }
        count += len;
        long now = System.nanoTime();
        if (now - windowStart >= WINDOW_NANOS) {
            flush(now);
        }
    }

    private void flush(long now) {
        if (count > 0) {
            bus.post(HarkTopics.AUDIO_LEVEL, new AudioLevel(Math.sqrt(sumSquares / count), Math.min(1.0, peak), clipped, source));
            published++;
        }
        sumSquares = 0;
        count = 0;
        peak = 0;
        clipped = 0;
        windowStart = now;
    }

    /** Publishes what the current window holds (the end of a source). */
    public void finish() {
        flush(System.nanoTime());
    }

    /** Levels published so far. */
    public long published() {
        return published;
    }
}
