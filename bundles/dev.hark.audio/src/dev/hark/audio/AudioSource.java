package dev.hark.audio;

import java.util.Arrays;
import java.util.function.BooleanSupplier;

import dev.hark.core.audio.AudioPipe;
import dev.hark.core.audio.source.AudioSourceProvider;
import dev.hark.core.audio.source.PcmSink;
import dev.hark.core.audio.source.PcmSource;

/**
 * Where audio comes from, as {@link AudioCapture} runs it: a {@link PcmSource} (the extension point's, so Hark's
 * microphone and file are sources like any plugin's) with the rate it delivers at and its pipe's overflow policy.
 */
public interface AudioSource extends PcmSource {

    /** The rate of the chunks it delivers (Hz). */
    int outputRate();

    /**
     * What a full pipe should do with this source's audio: a live microphone cannot wait, so the oldest
     * audio goes (counted); a file can, so nothing is lost.
     */
    default AudioPipe.Overflow overflow() {
        return live() ? AudioPipe.Overflow.DROP_OLDEST : AudioPipe.Overflow.BLOCK;
    }

    /**
     * Delivers mono chunks at {@link #outputRate()} into {@code pipe}, and each chunk to {@code meter},
     * until the audio ends or {@code stop} says so. Runs on the capture thread; returns normally at the end.
     *
     * @throws SourceLostException when the device disappears or stops delivering
     * @throws Exception           when it cannot start (unsupported format, unreadable file, ...)
     */
    default void run(AudioPipe pipe, LevelMeter meter, BooleanSupplier stop) throws Exception {
        int rate = outputRate();
        run((PcmSink) (samples, offset, length) -> {
            float[] chunk = Arrays.copyOfRange(samples, offset, offset + length);
            meter.accept(chunk, 0, chunk.length);
            pipe.offer(new AudioPipe.Chunk(chunk, rate, System.nanoTime(), false));
            if (Thread.currentThread().isInterrupted()) {
                throw new InterruptedException("the capture was abandoned");
            }
        }, stop);
    }

    /** A plugin's source (16 kHz, {@link AudioSourceProvider#SAMPLE_RATE}) as the capture runs it. */
    static AudioSource of(PcmSource source) {
        if (source instanceof AudioSource own) {
            return own;
        }
        return new AudioSource() {
            @Override
            public String description() {
                return source.description();
            }

            @Override
            public boolean live() {
                return source.live();
            }

            @Override
            public int outputRate() {
                return AudioSourceProvider.SAMPLE_RATE;
            }

            @Override
            public void run(PcmSink sink, BooleanSupplier stop) throws Exception {
                source.run(sink, stop);
            }
        };
    }

    /** The device went away, or gave no audio for too long. */
    final class SourceLostException extends dev.hark.core.audio.source.SourceLostException {
        private static final long serialVersionUID = 1L;

        public SourceLostException(String message) {
            super(message);
        }
    }
}
