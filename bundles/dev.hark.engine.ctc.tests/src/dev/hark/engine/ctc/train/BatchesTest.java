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
    void everyUtteranceOncePerEpochInBatchesOfAtMostTheBatchSize() {
        List<Utterance> train = utterances(203, 1);
        List<List<Utterance>> batches = Batches.ofEpoch(train, 8, 42, 0);
        Set<Utterance> seen = new HashSet<>();
        for (List<Utterance> b : batches) {
            assertTrue(!b.isEmpty() && b.size() <= 8, "batch of " + b.size());
            for (Utterance u : b) {
                assertTrue(seen.add(u), u.entry.id() + " twice");
            }
        }
        assertEquals(train.size(), seen.size());
        // 203 utterances in groups of 128: 16 batches of 8, then 75 = 9 full batches and one of 3
        assertEquals(26, batches.size());
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
