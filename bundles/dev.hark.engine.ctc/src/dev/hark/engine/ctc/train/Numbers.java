package dev.hark.engine.ctc.train;

/** Rounding of the numbers the worker reports. */
final class Numbers {

    private Numbers() {
    }

    /** {@code v} rounded to {@code digits} decimals (half up). */
    static Double round(double v, int digits) {
        double f = Math.pow(10, digits);
        return Math.round(v * f) / f;
    }
}
