package dev.hark.protocol.training;

import dev.hark.protocol.ProtocolJson;

/**
 * {@code progress}: at least once a second while training. {@code step} is the run's global step and
 * {@code totalSteps} its total. Loss and learning rate are null in the first message of a run.
 */
public record TrainingProgress(int epoch, int totalEpochs, long step, long totalSteps, Double loss, Double learningRate,
        Double audioSecondsPerSecond, Double stepTimeMs, Double stepTimeP50Ms, Double stepTimeP99Ms, Double etaSeconds,
        Long stepsThisRun) implements TrainingMessage {

    public static final String TYPE = "progress";

    public TrainingProgress {
        loss = ProtocolJson.finite(loss);
        learningRate = ProtocolJson.finite(learningRate);
    }

    @Override
    public String type() {
        return TYPE;
    }

    /** Fraction of the run done, 0..1. */
    public double fraction() {
        return totalSteps > 0 ? Math.min(1.0, (double) step / totalSteps) : 0;
    }
}
