package dev.hark.transport.tests;

import java.io.IOException;
import java.nio.file.Path;

import dev.hark.core.audio.AudioFiles;
import dev.hark.core.audio.Resampler;
import dev.hark.testing.Speech;

/** Synthesized recordings for the transport tests. */
final class TestAudio {

    static final String[] SENTENCES = { "the weather is nice today", "please call me tomorrow morning",
            "four two seven one", "i would like a cup of coffee", "turn on the kitchen lights",
            "the meeting starts at nine", "open the door please", "good morning everyone" };

    private TestAudio() {
    }

    static float[] at(AudioFiles.Mono m, int rate) {
        Resampler r = new Resampler(m.sampleRate(), rate);
        return Speech.concat(r.process(m.samples()), r.flush());
    }

    /** Sentences with pauses, repeated until the recording lasts {@code seconds}; returns the reference text. */
    static String recording(Path wav, double seconds, int rate) throws IOException {
        StringBuilder text = new StringBuilder();
        float[] all = new float[0];
        for (int i = 0; all.length < seconds * rate; i++) {
            String sentence = SENTENCES[i % SENTENCES.length];
            float[] speech = at(Speech.flite(sentence, i % 2 == 0 ? "slt" : "rms"), rate);
            all = Speech.concat(all, Speech.silence(0.4, rate), speech, Speech.silence(0.9, rate));
            text.append(sentence).append(' ');
        }
        Speech.writeWav(wav, all, rate);
        return text.toString().strip();
    }
}
