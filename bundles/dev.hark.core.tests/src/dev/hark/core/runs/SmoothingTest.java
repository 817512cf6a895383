package dev.hark.core.runs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SmoothingTest {

    @Test
    void weightZeroIsTheRawSeries() {
        double[] v = { 3, 1, 4, 1, 5 };
        assertArrayEquals(v, Smoothing.ema(v, 0), 0);
    }

    @Test
    void theDebiasedAverageStartsAtTheFirstValueAndMatchesTensorBoard() {
        double[] out = Smoothing.ema(new double[] { 10, 0, 0 }, 0.5);
        assertEquals(10, out[0], 1e-12, "no start-up bias towards zero");
        // TensorBoard: last = 0.5*last + 0.5*v; value / (1 - 0.5^n): (2.5) / 0.75, then (1.25) / 0.875
        assertEquals(5 / 1.5, out[1], 1e-12);
        assertEquals(1.25 / 0.875, out[2], 1e-12);
        double[] constant = Smoothing.ema(new double[] { 2, 2, 2, 2 }, 0.9);
        for (double c : constant) {
            assertEquals(2, c, 1e-12, "a constant stays constant");
        }
    }

    @Test
    void nonFiniteValuesPassThroughWithoutPoisoningTheAverage() {
        double[] out = Smoothing.ema(new double[] { 1, Double.NaN, 1, Double.POSITIVE_INFINITY, 1 }, 0.6);
        assertTrue(Double.isNaN(out[1]));
        assertTrue(Double.isInfinite(out[3]));
        assertEquals(1, out[2], 1e-12);
        assertEquals(1, out[4], 1e-12);
    }

    @Test
    void weightsOutsideTheRangeAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> Smoothing.ema(new double[1], 1));
        assertThrows(IllegalArgumentException.class, () -> Smoothing.ema(new double[1], -0.1));
        assertThrows(IllegalArgumentException.class, () -> Smoothing.ema(new double[1], Double.NaN));
    }
}
