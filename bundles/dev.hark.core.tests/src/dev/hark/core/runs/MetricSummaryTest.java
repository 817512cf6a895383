package dev.hark.core.runs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.hark.protocol.runs.ScalarPoint;
import dev.hark.protocol.runs.ScalarSeries;

class MetricSummaryTest {

    private static ScalarSeries series(double... values) {
        List<ScalarPoint> points = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            points.add(new ScalarPoint(i, i, values[i]));
        }
        return new ScalarSeries("r", "loss", points, values.length);
    }

    @Test
    void lastLowestAndHighestSkipNonFiniteValuesButTheLastIsAsLogged() {
        MetricSummary m = MetricSummary.of(series(3, 1.5, Double.NaN, 2, Double.POSITIVE_INFINITY));
        assertEquals("loss", m.tag());
        assertEquals(Double.POSITIVE_INFINITY, m.last());
        assertEquals(1.5, m.min());
        assertEquals(3, m.max());
        assertTrue(m.known());
    }

    @Test
    void aSeriesWithoutFiniteValuesHasNoExtremes() {
        MetricSummary m = MetricSummary.of(series(Double.NaN));
        assertTrue(Double.isNaN(m.last()) && Double.isNaN(m.min()) && Double.isNaN(m.max()));
        assertTrue(MetricSummary.of(series()).known(), "an empty series of a known tag");
        assertFalse(MetricSummary.NONE.known());
        assertFalse(MetricSummary.of(null).known());
    }

    @Test
    void aDownsampledSeriesGivesTheWholeSeriesFigures() {
        double[] values = new double[100_000];
        for (int i = 0; i < values.length; i++) {
            values[i] = Math.sin(i * 0.37) * (1 + i % 97) + (i == 61_234 ? -500 : 0) + (i == 7 ? 900 : 0);
        }
        ScalarSeries whole = series(values);
        Downsampler.Column column = new Downsampler.Column() {
            @Override
            public int size() {
                return values.length;
            }

            @Override
            public long step(int i) {
                return i;
            }

            @Override
            public double wallTime(int i) {
                return i;
            }

            @Override
            public double value(int i) {
                return values[i];
            }
        };
        ScalarSeries few = new ScalarSeries("r", "loss", Downsampler.downsample(column, 64), whole.totalPoints());
        assertTrue(few.points().size() <= 64, "downsampled: " + few.points().size());
        assertEquals(MetricSummary.of(whole), MetricSummary.of(few));
    }
}
