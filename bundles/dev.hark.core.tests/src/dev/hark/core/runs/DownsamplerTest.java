package dev.hark.core.runs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hark.protocol.runs.ScalarPoint;

import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

class DownsamplerTest {

    record Col(double[] v) implements Downsampler.Column {
        @Override
        public int size() {
            return v.length;
        }

        @Override
        public long step(int i) {
            return i * 10L;
        }

        @Override
        public double wallTime(int i) {
            return 1000 + i;
        }

        @Override
        public double value(int i) {
            return v[i];
        }
    }

    @Test
    void shortSeriesComeBackWhole() {
        List<ScalarPoint> out = Downsampler.downsample(new Col(new double[] {3, 1, 2}), 10);
        assertEquals(List.of(new ScalarPoint(0, 1000, 3), new ScalarPoint(10, 1001, 1), new ScalarPoint(20, 1002, 2)), out);
        assertEquals(3, Downsampler.downsample(new Col(new double[] {3, 1, 2}), 0).size());
    }

    @Test
    void aMillionPointsBecomeAtMostTheBudgetKeepingExtremesNaNAndEnds() {
        double[] v = new double[1_000_000];
        Random r = new Random(7);
        for (int i = 0; i < v.length; i++) {
            v[i] = Math.exp(-i / 200_000.0) + r.nextGaussian() * 0.01;
        }
        v[123_457] = 50;          // a spike
        v[654_321] = -50;         // a dip
        v[777_777] = Double.NaN;  // a diverged step
        v[888_888] = Double.POSITIVE_INFINITY;
        for (int budget : new int[] {8, 100, 1000, 2999}) {
            List<ScalarPoint> out = Downsampler.downsample(new Col(v), budget);
            assertTrue(out.size() <= budget, out.size() + " > " + budget);
            assertEquals(0, out.get(0).step());
            assertEquals(9_999_990, out.get(out.size() - 1).step());
            for (int i = 1; i < out.size(); i++) {
                assertTrue(out.get(i).step() > out.get(i - 1).step(), "in order, no duplicates");
            }
            assertTrue(out.stream().anyMatch(p -> p.value() == 50), "spike kept at budget " + budget);
            assertTrue(out.stream().anyMatch(p -> p.value() == -50), "dip kept at budget " + budget);
            assertTrue(out.stream().anyMatch(p -> Double.isNaN(p.value())), "NaN kept at budget " + budget);
            if (budget >= 100) {   // at 8 points NaN and Inf share a bucket, which keeps its first non-finite point
                assertTrue(out.stream().anyMatch(p -> Double.isInfinite(p.value())), "Inf kept at budget " + budget);
            }
        }
        assertTrue(Downsampler.downsample(new Col(v), 1000).size() > 600, "the budget is used, not wasted");
    }
}
