package dev.hark.engine.ctc.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.hark.engine.ctc.model.ModelConfig;
import dev.hark.training.dataset.DatasetEntry;

class BatchesTest {

    static List<Utterance> utterances(int n, long seed) {
        Random r = new Random(seed);
        List<Utterance> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int frames = 20 + r.nextInt(500);
            Utterance u = new Utterance(new DatasetEntry("u" + i, Path.of("u" + i + ".wav"), "text", Double.NaN, ""), "text", frames,
                    frames / 100.0, null);
            u.labels = new int[] { 1 + i % 3 };
            out.add(u);
        }
        return out;
    }

    @Test
    void everyUtteranceOncePerEpochInBatchesWithinTheFrameBudget() {
        List<Utterance> train = utterances(203, 1);
        long budget = Batches.frameBudget(train, 8);
        double mean = train.stream().mapToInt(u -> u.frames).average().orElseThrow();
        assertEquals(8 * Batches.padded((int) Math.ceil(mean)), budget);
        List<List<Utterance>> batches = Batches.ofEpoch(train, 8, 42, 0);
        Set<Utterance> seen = new HashSet<>();
        for (List<Utterance> b : batches) {
            int longest = b.stream().mapToInt(u -> u.frames).max().orElseThrow();
            assertTrue(b.size() == 1 || (long) b.size() * Batches.padded(longest) <= budget,
                    b.size() + " utterances of up to " + longest + " frames exceed " + budget);
            assertTrue(b.size() <= 8 * Batches.MAX_BATCH_FACTOR);
            for (Utterance u : b) {
                assertTrue(seen.add(u), u.entry.id() + " twice");
            }
        }
        assertEquals(train.size(), seen.size());
        // about the batch size on average (lengths 20..520: short ones share a batch with many, long ones with few)
        double perBatch = (double) train.size() / batches.size();
        assertTrue(perBatch > 6 && perBatch < 12, perBatch + " utterances per batch");
        assertEquals(Batches.steps(train, 8, 42, 3),
                batches.size() + Batches.ofEpoch(train, 8, 42, 1).size() + Batches.ofEpoch(train, 8, 42, 2).size());
    }

    /**
     * What the budget is for: a step's time grows with its padded frames, and a batch of the longest utterances
     * used to hold as many as one of the shortest (the step p99 was four times its p50). Now the padded frames of
     * the batches (but the last, partly filled, of each group) are within a factor of two of each other.
     */
    @Test
    void batchesOfLongUtterancesHoldFewerSoThatEveryStepTrainsOnAsManyFrames() {
        List<Utterance> train = utterances(512, 6);
        long budget = Batches.frameBudget(train, 8);
        List<List<Utterance>> batches = Batches.ofEpoch(train, 8, 42, 0);
        int full = 0;
        for (List<Utterance> b : batches) {
            int longest = b.stream().mapToInt(u -> u.frames).max().orElseThrow();
            long frames = (long) b.size() * Batches.padded(longest);
            if (frames > budget / 2) {
                full++;
            }
        }
        // a group's partly filled last batch goes on with the next group: one such batch per epoch at most
        assertTrue(full >= batches.size() - 1, full + " of " + batches.size() + " batches are over half the budget");
    }

    @Test
    void paddingRoundsUpToTheFrameQuantum() {
        assertEquals(16, Batches.padded(1));
        assertEquals(16, Batches.padded(16));
        assertEquals(32, Batches.padded(17));
    }

    @Test
    void sameSeedAndEpochSameBatchesOtherEpochOtherOrder() {
        List<Utterance> train = utterances(100, 2);
        assertEquals(ids(Batches.ofEpoch(train, 4, 42, 3)), ids(Batches.ofEpoch(train, 4, 42, 3)));
        assertNotEquals(ids(Batches.ofEpoch(train, 4, 42, 3)), ids(Batches.ofEpoch(train, 4, 42, 4)));
        assertNotEquals(ids(Batches.ofEpoch(train, 4, 42, 3)), ids(Batches.ofEpoch(train, 4, 43, 3)));
    }

    @Test
    void batchesHoldSimilarLengths() {
        List<Utterance> train = utterances(64, 3); // one group: batches are consecutive runs of the sorted lengths
        List<List<Utterance>> batches = new ArrayList<>(Batches.ofEpoch(train, 8, 42, 0));
        batches.sort(Comparator.comparingInt(b -> b.get(0).frames));
        for (int i = 0; i + 1 < batches.size(); i++) {
            int longest = batches.get(i).stream().mapToInt(u -> u.frames).max().orElseThrow();
            int shortestNext = batches.get(i + 1).stream().mapToInt(u -> u.frames).min().orElseThrow();
            assertTrue(longest <= shortestNext, "batch " + i + " overlaps the next");
        }
    }

    @Test
    void validationBatchesAreSortedByLength() {
        List<Utterance> validation = utterances(10, 4);
        List<List<Utterance>> batches = Batches.sorted(validation, 4);
        assertEquals(List.of(4, 4, 2), batches.stream().map(List::size).toList());
        int previous = 0;
        for (List<Utterance> b : batches) {
            for (Utterance u : b) {
                assertTrue(u.frames >= previous);
                previous = u.frames;
            }
        }
    }

    @Test
    void labelsLengthsAndSeconds() {
        List<Utterance> batch = utterances(3, 5);
        assertArrayEquals(new int[] { 1 }, Batches.labels(batch)[0]);
        assertArrayEquals(new int[] { 3 }, Batches.labels(batch)[2]);
        int[] lengths = Batches.outputLengths(batch);
        for (int i = 0; i < 3; i++) {
            assertEquals(ModelConfig.outputFrames(batch.get(i).frames), lengths[i]);
            assertEquals((batch.get(i).frames + 3) / 4, lengths[i], "two stride-2 convolutions, rounding up");
        }
        assertEquals(batch.stream().mapToDouble(u -> u.seconds).sum(), Batches.seconds(batch), 1e-12);
    }

    @Test
    void minimumFramesCountsABlankBetweenRepeats() {
        assertEquals(3, TrainingData.minimumFrames(new int[] { 1, 2, 3 }));
        assertEquals(6, TrainingData.minimumFrames(new int[] { 1, 1, 2, 2 }));
        assertEquals(5, TrainingData.minimumFrames(new int[] { 1, 1, 1 }));
        assertEquals(0, TrainingData.minimumFrames(new int[0]));
    }

    static List<String> ids(List<List<Utterance>> batches) {
        return batches.stream().flatMap(List::stream).map(u -> u.entry.id()).toList();
    }
}
