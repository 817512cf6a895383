package dev.hark.engine.ctc.train;

/**
 * The learning rate per step: a linear warm-up to the peak, then a cosine decay to 10 % of the peak at the last
 * step (and 10 % after it).
 *
 * @param peak       the learning rate at the end of the warm-up
 * @param warmup     warm-up steps (0 = none)
 * @param totalSteps steps of the whole run
 */
record LearningRateSchedule(double peak, long warmup, long totalSteps) {

    /** The schedule's name in the checkpoint metadata. */
    static final String DESCRIPTION = "linear warm-up, cosine decay to 10 %";

    /**
     * @param warmupSteps as a {@link dev.hark.training.run.RunSpec} gives it: -1 picks 10 % of the total, at least 1
     *                    and at most 200
     */
    static LearningRateSchedule of(double peak, int warmupSteps, long totalSteps) {
        long warmup = warmupSteps >= 0 ? warmupSteps : Math.min(200, Math.max(1, totalSteps / 10));
        return new LearningRateSchedule(peak, warmup, totalSteps);
    }

    /** The learning rate of step {@code step} (0-based). */
    double at(long step) {
        if (warmup > 0 && step < warmup) {
            return peak * (step + 1) / warmup;
        }
        double progress = totalSteps <= warmup ? 1 : (double) (step - warmup) / Math.max(1, totalSteps - warmup);
        double cosine = 0.5 * (1 + Math.cos(Math.PI * Math.min(1, progress)));
        return peak * (0.1 + 0.9 * cosine);
    }
}
