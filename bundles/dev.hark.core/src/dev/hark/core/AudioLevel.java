package dev.hark.core;

/**
 * Payload of {@link HarkTopics#AUDIO_LEVEL}: the input level over the last window (at most 20 a second).
 *
 * @param rms      root mean square in [0, 1]
 * @param peak     largest absolute sample in [0, 1]
 * @param clipped  samples at or beyond full scale in the window
 * @param source   what is being captured ("microphone: ...", "file: a.wav")
 */
public record AudioLevel(double rms, double peak, int clipped, String source) {

    /** RMS in dBFS (-120 for silence). */
    public double rmsDb() {
        return rms <= 1e-6 ? -120 : 20 * Math.log10(rms);
    }
}
