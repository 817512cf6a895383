package dev.hark.audio;

import java.util.function.BooleanSupplier;

import dev.hark.core.audio.AudioPipe;

/** Where audio comes from: a microphone or a file played as if it were one. */
public interface AudioSource {

    /** For people and for {@link dev.hark.core.AudioLevel#source()}: "microphone: USB Audio", "file: a.wav". */
    String description();

    /** The rate of the chunks it delivers (Hz). */
    int outputRate();

    /**
     * What a full pipe should do with this source's audio: a live microphone cannot wait, so the oldest
     * audio goes (counted); a file can, so nothing is lost.
     */
    default AudioPipe.Overflow overflow() {
        return AudioPipe.Overflow.DROP_OLDEST;
    }

    /**
     * Delivers mono chunks at {@link #outputRate()} into {@code pipe}, and each chunk to {@code meter},
     * until the audio ends or {@code stop} says so. Runs on the capture thread; returns normally at the end.
     *
     * @throws SourceLostException when the device disappears or stops delivering
     * @throws Exception           when it cannot start (unsupported format, unreadable file, ...)
     */
    void run(AudioPipe pipe, LevelMeter meter, BooleanSupplier stop) throws Exception;

    /** The device went away, or gave no audio for too long. */
    final class SourceLostException extends Exception {
        private static final long serialVersionUID = 1L;

        public SourceLostException(String message) {
            super(message);
        }
    }
}
