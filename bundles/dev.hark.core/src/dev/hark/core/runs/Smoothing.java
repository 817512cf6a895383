package dev.hark.core.runs;

/**
 * TensorBoard's scalar smoothing: an exponential moving average with weight {@code w} in [0, 1) whose start-up bias
 * is removed (each value is divided by {@code 1 - w^n}), so the smoothed curve starts at the first value instead of
 * near zero. Non-finite values are passed through and do not enter the average.
 */
public final class Smoothing {

    private Smoothing() {
    }

    public static double[] ema(double[] values, double weight) {
        if (weight < 0 || weight >= 1 || Double.isNaN(weight)) {
            throw new IllegalArgumentException("smoothing weight must be in [0, 1): " + weight);
        }
        double[] out = new double[values.length];
        double last = 0;
        int n = 0;
        for (int i = 0; i < values.length; i++) {
            double v = values[i];
            if (!Double.isFinite(v)) {
                out[i] = v;
                continue;
            }
            last = last * weight + (1 - weight) * v;
            n++;
            double debias = weight == 0 ? 1 : 1 - Math.pow(weight, n);
            out[i] = last / debias;
        }
        return out;
    }
}
