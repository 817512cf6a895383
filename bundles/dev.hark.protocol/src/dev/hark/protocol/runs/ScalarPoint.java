package dev.hark.protocol.runs;

/** One logged value: the run's global step, the wall time in epoch seconds and the value (may be NaN or infinite). */
public record ScalarPoint(long step, double wallTime, double value) {
}
