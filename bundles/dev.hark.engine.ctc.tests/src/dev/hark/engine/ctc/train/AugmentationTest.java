package dev.hark.engine.ctc.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.Test;

class AugmentationTest {

    static float[][] constant(int frames, int bands, float value) {
        float[][] f = new float[frames][bands];
        for (float[] row : f) {
            java.util.Arrays.fill(row, value);
        }
        return f;
    }

    @Test
    void tempoGainAndMasksStayInTheirRangesAndTheInputIsKept() {
        int bands = 40;
        float[] mean = new float[bands], std = new float[bands];
        java.util.Arrays.fill(std, 2f);
        for (int seed = 0; seed < 200; seed++) {
            float[][] raw = constant(200, bands, 3f);
            float[][] out = Augmentation.apply(raw, mean, std, 1, new Random(seed));
            assertTrue(out.length >= Math.round(200 / 1.1) && out.length <= Math.round(200 / 0.9), "frames " + out.length);
            assertArrayEquals(constant(200, bands, 3f), raw, "the input was changed");
            // unmasked cells: (3 + gain offset - 0) / 2, one offset for the utterance, within +-6 dB of log power
            Float value = null;
            int zeros = 0;
            for (float[] row : out) {
                for (float v : row) {
                    if (v == 0f) {
                        zeros++;
                    } else if (value == null) {
                        value = v;
                    } else {
                        assertEquals(value, v, 1e-5);
                    }
                }
            }
            double offset = value * 2 - 3;
            assertTrue(Math.abs(offset) <= 6 * Math.log(10) / 10 + 1e-6, "offset " + offset);
            int most = Augmentation.BAND_MASKS * Augmentation.BAND_WIDTH * out.length
                    + Augmentation.TIME_MASKS * Augmentation.TIME_WIDTH * bands;
            assertTrue(zeros <= most, zeros + " masked cells");
        }
    }

    @Test
    void theSameRandomGivesTheSameFeatures() {
        float[][] raw = new float[120][40];
        Random r = new Random(1);
        for (float[] row : raw) {
            for (int k = 0; k < row.length; k++) {
                row[k] = (float) r.nextGaussian();
            }
        }
        float[] mean = new float[40], std = new float[40];
        java.util.Arrays.fill(std, 1f);
        assertArrayEquals(Augmentation.apply(raw, mean, std, 1, new Random(5)), Augmentation.apply(raw, mean, std, 1, new Random(5)));
    }

    @Test
    void neverShorterThanTheLabelsNeed() {
        float[] mean = new float[40], std = new float[40];
        java.util.Arrays.fill(std, 1f);
        for (int seed = 0; seed < 100; seed++) {
            assertTrue(Augmentation.apply(constant(41, 40, 1f), mean, std, 41, new Random(seed)).length >= 41);
        }
    }
}
