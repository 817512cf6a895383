package dev.hark.engine.pocketsphinx.tests;

import dev.hark.testing.WordErrorRate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import dev.hark.engine.RecognitionModel;
import dev.hark.engine.RecognitionStream;
import dev.hark.engine.pocketsphinx.internal.PocketsphinxEngine;

/** Four streams of one model, opened and fed at the same time on four threads, keep their audio apart. */
class ConcurrentStreamsTest {

    private static final List<String> SENTENCES = List.of(
            "the weather is nice today",
            "please call me tomorrow morning",
            "i would like a cup of coffee",
            "we went to the store yesterday");

    @Test
    void fourConcurrentStreamsEachRecognizeTheirOwnSentence() throws Exception {
        List<float[]> audio = new ArrayList<>();
        for (String sentence : SENTENCES) {
            audio.add(Speech.utterance(Speech.flite(sentence)));
        }
        AtomicInteger threadNumber = new AtomicInteger();
        ExecutorService threads = Executors.newFixedThreadPool(SENTENCES.size(),
                r -> new Thread(r, "pocketsphinx-test-stream-" + threadNumber.incrementAndGet()));
        try (RecognitionModel model = new PocketsphinxEngine().open("en-us")) {
            // the same decoding one at a time: decoding is deterministic, so concurrency must not change it
            List<String> alone = new ArrayList<>();
            for (float[] clip : audio) {
                try (RecognitionStream stream = model.openStream()) {
                    alone.add(Feed.finalText(Feed.inChunks(stream, clip)));
                }
            }
            CountDownLatch start = new CountDownLatch(1);
            List<Future<String>> together = new ArrayList<>();
            for (float[] clip : audio) {
                together.add(threads.submit(() -> {
                    start.await();
                    try (RecognitionStream stream = model.openStream()) {
                        return Feed.finalText(Feed.inChunks(stream, clip));
                    }
                }));
            }
            long started = System.nanoTime();
            start.countDown();
            for (int i = 0; i < SENTENCES.size(); i++) {
                String text = together.get(i).get(5, TimeUnit.MINUTES);
                double wer = WordErrorRate.of(SENTENCES.get(i), text);
                System.out.printf("pocketsphinx concurrent stream %d: \"%s\" WER %.1f %%%n", i + 1, text, wer * 100);
                assertEquals(alone.get(i), text, "stream " + (i + 1) + " differs from the same audio decoded alone");
                assertTrue(wer <= 0.25, "stream " + (i + 1) + " WER " + wer + ": " + text);
            }
            System.out.printf("pocketsphinx 4 concurrent streams (open + decode) took %.0f ms%n",
                    (System.nanoTime() - started) / 1e6);
        } finally {
            threads.shutdownNow();
        }
    }
}
