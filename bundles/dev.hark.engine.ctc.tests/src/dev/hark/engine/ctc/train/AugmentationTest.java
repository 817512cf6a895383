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
        int narrowband = 0;
        for (int seed = 0; seed < 200; seed++) {
            float[][] raw = constant(200, bands, 3f);
            float[][] out = Augmentation.apply(raw, mean, std, 1, new Random(seed));
            assertTrue(out.length >= Math.round(200 / 1.1) && out.length <= Math.round(200 / 0.9), "frames " + out.length);
            assertArrayEquals(constant(200, bands, 3f), raw, "the input was changed");
            // unmasked cells: (3 + gain offset - 0) / 2, one offset for the utterance, within +-6 dB of log power
            Float value = null;
            int zeros = 0;
            float silent = dev.hark.engine.ctc.model.LogMel.SILENT / 2;
            boolean narrow = false;
            for (float[] row : out) {
                for (int k = Augmentation.NARROWBAND_FROM; k < bands; k++) {
                    narrow |= row[k] == silent;
                }
            }
            if (narrow) {
                narrowband++;
            }
            for (float[] row : out) {
                for (int k = 0; k < bands; k++) {
                    float v = row[k];
                    if (narrow && k >= Augmentation.NARROWBAND_FROM && v != 0f) {
                        assertEquals(silent, v, "every band above 4 kHz silent in a narrow-band utterance");
                    } else if (v == 0f) {
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
        // one in five: 40 expected of 200 (binomial deviation about 6)
        assertTrue(narrowband >= 20 && narrowband <= 60, narrowband + " narrow-band utterances of 200");
    }

    @Test
    void narrowBandStartsAbove4kHz() {
        // 40 HTK mel bands from 20 Hz to 8 kHz: band b's filter starts at centre b of 42; the first at or above 4 kHz
        int b = Augmentation.NARROWBAND_FROM;
        assertTrue(b > 20 && b < 40, "band " + b);
        assertEquals(b, dev.hark.engine.ctc.model.LogMel.firstBandAbove(4000));
        assertEquals(0, dev.hark.engine.ctc.model.LogMel.firstBandAbove(0));
        assertEquals(40, dev.hark.engine.ctc.model.LogMel.firstBandAbove(9000));
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
