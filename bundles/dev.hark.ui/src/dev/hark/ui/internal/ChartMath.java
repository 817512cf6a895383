package dev.hark.ui.internal;

import java.util.Arrays;

/** Chart arithmetic without widgets (so that tests run without a display). */
public final class ChartMath {

    private ChartMath() {
    }

    /** The index of the value of {@code sorted} nearest to {@code x}; -1 when there is none. */
    public static int nearest(double[] sorted, double x) {
        if (sorted.length == 0) {
            return -1;
        }
        int i = Arrays.binarySearch(sorted, x);
        if (i >= 0) {
            return i;
        }
        int after = -i - 1;
        if (after == 0) {
            return 0;
        }
        if (after >= sorted.length) {
            return sorted.length - 1;
        }
        return x - sorted[after - 1] <= sorted[after] - x ? after - 1 : after;
    }
}
