package dev.hark.bench.common;

import java.util.Arrays;
import java.util.List;

/** Nearest-rank percentiles: the value at rank ceil(p/100 x n), 1-based; NaN (or 0 for longs) for no values. */
public final class Stats {

    private Stats() {
    }

    public static double percentile(List<Double> values, double p) {
        return percentile(values.stream().mapToDouble(Double::doubleValue).toArray(), p);
    }

    public static double percentile(double[] values, double p) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double[] v = values.clone();
        Arrays.sort(v);
        return v[rank(v.length, p)];
    }

    /** For values already sorted ascending. */
    public static long percentileOfSorted(long[] sorted, double p) {
        return sorted.length == 0 ? 0 : sorted[rank(sorted.length, p)];
    }

    private static int rank(int n, double p) {
        return Math.max(0, Math.min(n - 1, (int) Math.ceil(p / 100 * n) - 1));
    }
}
