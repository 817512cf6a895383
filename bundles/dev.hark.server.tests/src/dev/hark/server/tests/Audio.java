package dev.hark.server.tests;

import java.io.IOException;

import dev.hark.core.audio.AudioFiles;
import dev.hark.core.audio.Resampler;
import dev.hark.testing.Speech;

/** Test utterances, made with flite, at the rates clients really send. */
final class Audio {

    static final String SENTENCE = "the weather is nice today";
    static final String SENTENCE_2 = "please call me tomorrow morning";
    static final String DIGITS = "four two seven one";

    private Audio() {
    }

    /** {@code text} spoken by flite's slt voice with silence around it, resampled to {@code rate}. */
    static float[] utterance(String text, int rate) throws IOException {
        AudioFiles.Mono speech = Speech.flite(text, "slt");
        float[] padded = Speech.concat(Speech.silence(0.3, speech.sampleRate()), speech.samples(),
                Speech.silence(0.8, speech.sampleRate()));
        return resample(padded, speech.sampleRate(), rate);
    }

    static float[] resample(float[] samples, int from, int to) {
        Resampler r = new Resampler(from, to);
        return Speech.concat(r.process(samples, 0, samples.length), r.flush());
    }
}
