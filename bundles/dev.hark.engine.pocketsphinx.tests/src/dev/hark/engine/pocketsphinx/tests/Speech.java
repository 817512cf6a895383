package dev.hark.engine.pocketsphinx.tests;

import java.io.IOException;
import java.util.List;

/**
 * Test speech for the engine: {@link dev.hark.testing.Speech}'s synthesized clips at the engine's 16 kHz, with
 * the silence around them a recognizer needs.
 */
final class Speech {

    static final int SAMPLE_RATE = 16_000;

    private Speech() {
    }

    /** Speech by flite's most natural voice, "slt". */
    static float[] flite(String text) {
        try {
            return at16k(dev.hark.testing.Speech.flite(text, "slt"));
        } catch (IOException e) {
            throw new AssertionError(e.getMessage(), e);
        }
    }

    /** Speech by espeak-ng at its default speed, e.g. voice {@code en-us} or {@code en-us+m3}. */
    static float[] espeak(String voice, String text) {
        try {
            return at16k(dev.hark.testing.Speech.espeak(text, voice, 175));
        } catch (IOException e) {
            throw new AssertionError(e.getMessage(), e);
        }
    }

    /**
     * A clip as a person would say it to a recognizer: with a little silence before and after. Pocketsphinx's
     * voice activity detector needs the silence after to end the utterance; without it, the end of the clip
     * is decoded by finish() alone (and "nine oh five" gained an inserted "one").
     */
    static float[] utterance(float[] clip) {
        return concat(List.of(silence(0.3), clip, silence(0.5)));
    }

    static float[] silence(double seconds) {
        return new float[(int) Math.round(seconds * SAMPLE_RATE)];
    }

    static float[] concat(List<float[]> parts) {
        int length = parts.stream().mapToInt(p -> p.length).sum();
        float[] all = new float[length];
        int offset = 0;
        for (float[] part : parts) {
            System.arraycopy(part, 0, all, offset, part.length);
            offset += part.length;
        }
        return all;
    }

    static double seconds(int samples) {
        return (double) samples / SAMPLE_RATE;
    }

    private static float[] at16k(dev.hark.core.audio.AudioFiles.Mono speech) {
        dev.hark.core.audio.Resampler r = new dev.hark.core.audio.Resampler(speech.sampleRate(), SAMPLE_RATE);
        return dev.hark.testing.Speech.concat(r.process(speech.samples()), r.flush());
    }
}
