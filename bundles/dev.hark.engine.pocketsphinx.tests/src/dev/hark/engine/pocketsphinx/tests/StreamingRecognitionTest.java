package dev.hark.engine.pocketsphinx.tests;

import dev.hark.testing.WordErrorRate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
 * Streams flite sentences, separated by silence, through the generic language model in 100 ms chunks, as a
 * live client would, and checks partials, finals, word error rate and word times.
 */
class StreamingRecognitionTest {

    static final List<String> SENTENCES = List.of(
            "the weather is nice today",
            "please call me tomorrow morning",
            "i would like a cup of coffee",
            "open the door and turn on the light",
            "we went to the store yesterday");
    private static final double GAP_SECONDS = 0.5;

    private static RecognitionModel model;
    private static float[] audio;
    /** Where each sentence's clip lies in the audio, in seconds: {start, end}. */
    private static final List<double[]> spans = new ArrayList<>();
    private static List<Hypothesis> results;

    @BeforeAll
    static void recognize() throws Exception {
        List<float[]> parts = new ArrayList<>();
        parts.add(Speech.silence(GAP_SECONDS));
        int position = parts.get(0).length;
        for (String sentence : SENTENCES) {
            float[] clip = Speech.flite(sentence);
            spans.add(new double[] { Speech.seconds(position), Speech.seconds(position + clip.length) });
            parts.add(clip);
            parts.add(Speech.silence(GAP_SECONDS));
            position += clip.length + parts.get(parts.size() - 1).length;
        }
        audio = Speech.concat(parts);

        model = new PocketsphinxEngine().open("en-us");
        long started = System.nanoTime();
        try (RecognitionStream stream = model.openStream()) {
            long opened = System.nanoTime();
            results = Feed.inChunks(stream, audio);
            long done = System.nanoTime();
            assertEquals(audio.length, stream.samplesAccepted());
            System.out.printf("pocketsphinx en-us streaming: decoder load %.0f ms, %.1f s of audio decoded in %.0f ms"
                    + " (real-time factor %.3f), %d partials, %d finals%n", (opened - started) / 1e6,
                    Speech.seconds(audio.length), (done - opened) / 1e6,
                    (done - opened) / 1e9 / Speech.seconds(audio.length),
                    results.stream().filter(h -> !h.isFinal()).count(), Feed.finals(results).size());
        }
    }

    @AfterAll
    static void closeModel() {
        if (model != null) {
            model.close();
        }
    }

    @Test
    void everyFinalIsPrecededByPartialsOfItsUtterance() {
        assertFalse(Feed.finals(results).isEmpty(), "no final at all: " + results);
        int partialsSinceFinal = 0;
        for (Hypothesis hypothesis : results) {
            assertFalse(hypothesis.text().isEmpty(), "empty hypothesis returned: " + hypothesis);
            if (hypothesis.isFinal()) {
                assertTrue(partialsSinceFinal > 0, "final without partials before it: " + hypothesis.text());
                partialsSinceFinal = 0;
            } else {
                partialsSinceFinal++;
            }
        }
        assertEquals(0, partialsSinceFinal, "partials after the last final (finish should have ended them)");
    }

    @Test
    void finalsReachTheReferenceWithinQuarterWordErrorRate() {
        String reference = String.join(" ", SENTENCES);
        String recognized = Feed.finalText(results);
        double wer = WordErrorRate.of(reference, recognized);
        System.out.printf("pocketsphinx en-us flite sentences: WER %.1f %% (%d finals)%n  reference:  %s%n"
                + "  recognized: %s%n", wer * 100, Feed.finals(results).size(), reference, recognized);
        assertTrue(wer <= 0.25, "WER " + wer + " > 0.25; recognized: " + recognized);
    }

    @Test
    void wordTimesAreMonotonicInsideTheAudioAndOnTheSpeech() {
        double duration = Speech.seconds(audio.length);
        double previousEnd = 0;
        int[] wordsPerSentence = new int[SENTENCES.size()];
        for (Hypothesis utterance : Feed.finals(results)) {
            assertTrue(utterance.start() >= previousEnd, "utterance starts before the previous one ended: " + utterance);
            assertTrue(utterance.end() <= duration, "utterance ends after the audio: " + utterance);
            assertFalse(utterance.words().isEmpty(), "final without words: " + utterance);
            for (Hypothesis.Word word : utterance.words()) {
                assertTrue(word.start() >= previousEnd && word.end() >= word.start(), "not monotonic: " + word);
                assertTrue(word.start() >= utterance.start() && word.end() <= utterance.end(),
                        word + " outside its utterance " + utterance.start() + ".." + utterance.end());
                assertFalse(word.text().contains("(") || word.text().startsWith("<") || word.text().startsWith("["),
                        "filler or variant marker in " + word);
                double confidence = word.confidence();
                assertTrue(Double.isNaN(confidence) || (confidence >= 0 && confidence <= 1), "confidence " + word);
                double middle = (word.start() + word.end()) / 2;
                int sentence = sentenceAt(middle);
                assertTrue(sentence >= 0, word + " lies in the silence between sentences (times not stream-wide?)");
                wordsPerSentence[sentence]++;
                previousEnd = word.end();
            }
            previousEnd = utterance.end();
        }
        for (int i = 0; i < SENTENCES.size(); i++) {
            assertTrue(wordsPerSentence[i] > 0, "no word timed inside sentence " + i + ": " + SENTENCES.get(i));
        }
    }

    @Test
    void finalWordsOfTheLanguageModelCarryConfidences() {
        List<Hypothesis.Word> words = Feed.finals(results).stream().flatMap(h -> h.words().stream()).toList();
        assertTrue(words.stream().allMatch(w -> w.confidence() >= 0 && w.confidence() <= 1),
                "the language model's best path gives every final word a posterior: " + words);
        List<Hypothesis.Word> partialWords = results.stream().filter(h -> !h.isFinal())
                .flatMap(h -> h.words().stream()).toList();
        assertTrue(partialWords.stream().allMatch(w -> Double.isNaN(w.confidence())),
                "partials have no posteriors: " + partialWords);
    }

    private static int sentenceAt(double seconds) {
        for (int i = 0; i < spans.size(); i++) {
            if (seconds >= spans.get(i)[0] && seconds <= spans.get(i)[1]) {
                return i;
            }
        }
        return -1;
    }
}
