package dev.hark.core.runs;

import dev.hark.protocol.runs.ScalarPoint;
import dev.hark.protocol.runs.ScalarSeries;

/**
 * What one metric of a run came to, for comparing runs in a table: its {@code last} value (as logged, NaN or
 * infinite included: a run whose loss blew up sorts as such), and its lowest and highest finite values (NaN when it
 * has none). Built from a series downsampled by {@link Downsampler}, which keeps the last point and every bucket's
 * extremes, so a few dozen points give the same figures as the whole series.
 */
public record MetricSummary(String tag, double last, double min, double max) {

    /** No value known (not loaded yet, or the run does not log the metric). */
    public static final MetricSummary NONE = new MetricSummary("", Double.NaN, Double.NaN, Double.NaN);

    public MetricSummary {
        tag = tag == null ? "" : tag;
    }

    public static MetricSummary of(ScalarSeries series) {
        if (series == null || series.points().isEmpty()) {
            return series == null ? NONE : new MetricSummary(series.tag(), Double.NaN, Double.NaN, Double.NaN);
        }
        double min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY;
        for (ScalarPoint p : series.points()) {
            if (Double.isFinite(p.value())) {
                min = Math.min(min, p.value());
                max = Math.max(max, p.value());
            }
        }
        double last = series.points().get(series.points().size() - 1).value();
        return min > max ? new MetricSummary(series.tag(), last, Double.NaN, Double.NaN) : new MetricSummary(series.tag(), last, min, max);
    }

    /** Whether anything is known. */
    public boolean known() {
        return !tag.isEmpty();
    }
}
