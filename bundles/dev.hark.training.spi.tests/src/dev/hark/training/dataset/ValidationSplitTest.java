package dev.hark.training.dataset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;


class ValidationSplitTest {

    /** {@code n} entries spoken by {@code voices} voices in turn, each at two speeds (as the generator names them). */
    static List<DatasetEntry> entries(int n, int voices) {
        List<DatasetEntry> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String speaker = voices == 0 ? "" : "espeak:v" + (i % voices) + "@s" + (120 + 10 * (i % 2)) + "p50";
            out.add(new DatasetEntry("u" + i, Path.of("u" + i + ".wav"), "one", Double.NaN, speaker));
        }
        return out;
    }

    @Test
    void wholeVoicesAreHeldOutWhateverTheirSpeed() {
        ValidationSplit split = ValidationSplit.of(entries(200, 20), 0.1, 0, 42);
        assertEquals(200, split.train().size() + split.validation().size());
        assertEquals(20, split.validation().size(), "two voices of ten entries each");
        assertEquals(2, split.heldOut().size());
        Set<String> trainVoices = new HashSet<>();
        split.train().forEach(e -> trainVoices.add(ValidationSplit.voice(e.speaker())));
        for (DatasetEntry e : split.validation()) {
            assertTrue(split.heldOut().contains(ValidationSplit.voice(e.speaker())), e.toString());
            assertFalse(trainVoices.contains(ValidationSplit.voice(e.speaker())), "a held-out voice was trained on: " + e);
        }
    }

    @Test
    void eachVoiceFamilyIsHeldOutInProportion() {
        // a generated set: flite's few voices with many clips each, espeak-ng's many voices with few each
        List<DatasetEntry> all = new ArrayList<>();
        for (int i = 0; i < 250; i++) {
            all.add(new DatasetEntry("f" + i, Path.of("f" + i + ".wav"), "one", Double.NaN, "flite:v" + (i % 5) + "@s100p100"));
            all.add(new DatasetEntry("e" + i, Path.of("e" + i + ".wav"), "two", Double.NaN, "espeak:v" + (i % 50) + "@s150p50"));
        }
        ValidationSplit split = ValidationSplit.of(all, 0.1, 0, 42);
        assertTrue(split.heldOut().stream().anyMatch(v -> v.startsWith("flite:")), split.heldOut().toString());
        assertTrue(split.heldOut().stream().anyMatch(v -> v.startsWith("espeak:")), split.heldOut().toString());
        long flite = split.validation().stream().filter(e -> e.speaker().startsWith("flite:")).count();
        long espeak = split.validation().size() - flite;
        assertEquals(50, flite, "one flite voice");
        assertEquals(25, espeak, "five espeak-ng voices");
    }

    @Test
    void theSameSeedGivesTheSameSplitAndAnotherSeedAnother() {
        List<DatasetEntry> all = entries(200, 20);
        assertEquals(ValidationSplit.of(all, 0.1, 0, 7), ValidationSplit.of(all, 0.1, 0, 7));
        assertFalse(ValidationSplit.of(all, 0.1, 0, 7).heldOut().equals(ValidationSplit.of(all, 0.1, 0, 8).heldOut()));
    }

    @Test
    void withoutSpeakersOrWithOneVoiceTheSplitIsRandom() {
        ValidationSplit none = ValidationSplit.of(entries(100, 0), 0.05, 0, 42);
        assertEquals(5, none.validation().size());
        assertTrue(none.heldOut().isEmpty());
        ValidationSplit one = ValidationSplit.of(entries(100, 1), 0.05, 0, 42);
        assertEquals(5, one.validation().size());
        assertEquals(95, one.train().size());
    }

    @Test
    void aVoiceTooBigForTheShareIsSkippedAndOneVoiceAlwaysStaysForTraining() {
        // voice 0 has most entries: holding it out would leave little to train on
        List<DatasetEntry> all = new ArrayList<>(entries(40, 4));
        for (int i = 0; i < 200; i++) {
            all.add(new DatasetEntry("big" + i, Path.of("big" + i + ".wav"), "two", Double.NaN, "flite:big@s100p100"));
        }
        ValidationSplit split = ValidationSplit.of(all, 0.05, 0, 3);
        assertFalse(split.heldOut().contains("flite:big"), split.heldOut().toString());
        assertTrue(split.validation().size() <= 2 * 12, split.toString());
        assertFalse(split.train().isEmpty());
        ValidationSplit two = ValidationSplit.of(entries(10, 2), 0.5, 0, 3);
        assertEquals(1, two.heldOut().size(), "one of two voices is kept for training");
    }

    @Test
    void theLimitIsAppliedBeforeTheSplit() {
        ValidationSplit split = ValidationSplit.of(entries(500, 25), 0.1, 100, 42);
        assertEquals(100, split.train().size() + split.validation().size());
        assertTrue(split.validation().size() >= 10, split.toString());
    }
}
