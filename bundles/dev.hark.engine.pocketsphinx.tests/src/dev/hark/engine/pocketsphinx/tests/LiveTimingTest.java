package dev.hark.engine.pocketsphinx.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.hark.engine.Hypothesis;
import dev.hark.engine.RecognitionModel;
import dev.hark.engine.RecognitionStream;
import dev.hark.engine.pocketsphinx.internal.PocketsphinxEngine;

/**
 * Live pacing as a microphone client sends it (10 ms frames): partials come at most every 100 ms of audio (they were
 * computed after every frame), and a sentence spoken fluently stays one utterance. Times here are audio positions,
 * not wall-clock timings.
 */
class LiveTimingTest {

    static final int FRAME = Speech.SAMPLE_RATE / 100;
    static RecognitionModel model;

    @BeforeAll
    static void open() throws Exception {
        model = new PocketsphinxEngine().open("en-us");
    }

    @AfterAll
    static void close() {
        model.close();
    }

    /** A result and how much audio had been fed when it came back. */
    record Timed(Hypothesis hypothesis, double fedSeconds) {
    }

    static List<Timed> feedInFrames(float[] audio) throws Exception {
        List<Timed> out = new ArrayList<>();
        try (RecognitionStream stream = model.openStream()) {
            for (int off = 0; off < audio.length; off += FRAME) {
                for (Hypothesis h : stream.accept(audio, off, Math.min(FRAME, audio.length - off))) {
                    out.add(new Timed(h, Speech.seconds((int) stream.samplesAccepted())));
                }
            }
            for (Hypothesis h : stream.finish()) {
                out.add(new Timed(h, Speech.seconds((int) stream.samplesAccepted())));
            }
        }
        return out;
    }

    @Test
    void partialsAtMostEvery100msOfAudio() throws Exception {
        float[] clip = Speech.flite("open the door and turn on the light please");
        float[] audio = Speech.concat(List.of(Speech.silence(0.5), clip, Speech.silence(1.5)));
        double endOfSpeech = 0.5 + Speech.seconds(clip.length);
        List<Timed> results = feedInFrames(audio);
        double last = -1;
        int partials = 0;
        for (Timed t : results) {
            if (!t.hypothesis().isFinal()) {
                assertTrue(last < 0 || t.fedSeconds() - last >= 0.1 - 1e-9,
                        "partials " + (t.fedSeconds() - last) * 1000 + " ms of audio apart");
                last = t.fedSeconds();
                partials++;
            }
        }
        assertTrue(partials >= 3, "partials should still follow the speech: " + partials);
        List<Timed> finals = results.stream().filter(t -> t.hypothesis().isFinal()).toList();
        assertEquals(1, finals.size(), "one fluent sentence must stay one utterance: " + finals);
        double wait = finals.get(0).fedSeconds() - endOfSpeech;
        System.out.printf("end of speech -> final: %.0f ms of audio, %d partials%n", wait * 1000, partials);
    }
}
