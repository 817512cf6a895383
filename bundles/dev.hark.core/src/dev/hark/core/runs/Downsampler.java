package dev.hark.core.runs;

import dev.hark.protocol.runs.ScalarPoint;

import java.util.ArrayList;
import java.util.List;

/**
 * Thins a long series for drawing without hiding what matters: the points are cut into equal buckets by index and
 * each bucket keeps its smallest and largest finite value and its first non-finite one (a NaN or infinite loss is
 * exactly what an engineer looks for), in their original order; the first and last points always stay. The
 * result never has more than {@code maxPoints} points; the work is one pass over the range.
 */
public final class Downsampler {

    /** The smallest budget that still shows a bucket's minimum, maximum and a non-finite value with both ends. */
    public static final int MIN_POINTS = 8;

    private Downsampler() {
    }

    /** Column access so that stores of primitive arrays need not box every point. */
    public interface Column {
        int size();

        long step(int i);

        double wallTime(int i);

        double value(int i);
    }

    public static List<ScalarPoint> downsample(Column column, int maxPoints) {
        int n = column.size();
        if (maxPoints <= 0 || n <= maxPoints) {
            List<ScalarPoint> all = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                all.add(point(column, i));
            }
            return all;
        }
        int budget = Math.max(MIN_POINTS, maxPoints);
        int buckets = (budget - 2) / 3;
        List<ScalarPoint> out = new ArrayList<>(budget);
        out.add(point(column, 0));
        int inner = n - 2;   // points 1 .. n-2 go into buckets
        int[] picked = new int[3];
        for (int b = 0; b < buckets; b++) {
            int from = 1 + (int) ((long) inner * b / buckets);
            int to = 1 + (int) ((long) inner * (b + 1) / buckets);
            int min = -1;
            int max = -1;
            int nonFinite = -1;
            for (int i = from; i < to; i++) {
                double v = column.value(i);
                if (!Double.isFinite(v)) {
                    if (nonFinite < 0) {
                        nonFinite = i;
                    }
                    continue;
                }
                if (min < 0 || v < column.value(min)) {
                    min = i;
                }
                if (max < 0 || v > column.value(max)) {
                    max = i;
                }
            }
            int count = 0;
            for (int i : new int[] {min, max, nonFinite}) {
                if (i >= 0 && !contains(picked, count, i)) {
                    picked[count++] = i;
                }
            }
            java.util.Arrays.sort(picked, 0, count);
            for (int k = 0; k < count; k++) {
                out.add(point(column, picked[k]));
            }
        }
        out.add(point(column, n - 1));
        return out;
    }

    private static boolean contains(int[] a, int count, int v) {
        for (int k = 0; k < count; k++) {
            if (a[k] == v) {
                return true;
            }
        }
        return false;
    }

    private static ScalarPoint point(Column c, int i) {
        return new ScalarPoint(c.step(i), c.wallTime(i), c.value(i));
    }
}
