package dev.hark.engine.ctc.train;

import static dev.hark.engine.ctc.train.Numbers.round;

import java.util.Arrays;
import java.util.function.LongSupplier;

import dev.hark.protocol.training.TrainingProgress;

import dev.hark.training.run.WorkerProtocol;

/**
 * The worker's {@code progress} messages: sent at least twice a second while steps run, with throughput, step time
 * percentiles and an ETA from the mean step time of this run.
 */
final class ProgressReporter {

    /** Least time between two progress messages while training. */
    static final long INTERVAL_NANOS = 500_000_000L;
    /** Recent step times kept for the percentiles. */
    static final int RECENT = 2000;

    private final WorkerProtocol out;
    private final LongSupplier clock;
    private final int totalEpochs;
    private final long totalSteps;
    private final long firstStep;
    private long lastSent;
    private long trainNanos;
    private double audioSeconds;
    private long cpuNanos;
    private long steps;
    /** Recent step times in milliseconds, a ring of the last {@link #RECENT}. */
    private final double[] recent = new double[RECENT];

    /**
     * @param totalSteps steps of the whole run
     * @param firstStep  the global step this run (process) started at: more than 0 when resumed
     * @param clock      nanosecond time, {@link System#nanoTime()} but in tests
     */
    ProgressReporter(WorkerProtocol out, int totalEpochs, long totalSteps, long firstStep, LongSupplier clock) {
        this.out = out;
        this.clock = clock;
        this.totalEpochs = totalEpochs;
        this.totalSteps = totalSteps;
        this.firstStep = firstStep;
        this.lastSent = clock.getAsLong();
    }

    /** Counts one finished step: how long it took and how much audio it trained on. */
    void step(long nanos, double seconds) {
        trainNanos += nanos;
        audioSeconds += seconds;
        recent[(int) (steps % recent.length)] = nanos / 1e6;
        steps++;
    }

    /** Counts the process CPU time (every thread: the engine's, the collector's, the compiler's) of training steps. */
    void cpu(long nanos) {
        cpuNanos += nanos;
    }

    /**
     * The run's training-step totals as a log line: steps, audio, process CPU and wall time of the steps (validation
     * and checkpoints excluded), audio seconds per CPU second and the step time percentiles.
     */
    String summary() {
        double[] sorted = Arrays.copyOf(recent, (int) Math.min(steps, recent.length));
        Arrays.sort(sorted);
        double p50 = sorted.length > 0 ? sorted[sorted.length / 2] : Double.NaN;
        double p99 = sorted.length > 0 ? sorted[Math.min(sorted.length - 1, (int) (sorted.length * 0.99))] : Double.NaN;
        double cpu = cpuNanos / 1e9, wall = trainNanos / 1e9;
        return String.format(java.util.Locale.ROOT,
                "training steps: %d steps, %.1f s of audio, %.2f CPU s, %.2f wall s; %.1f audio s per CPU s; step p50 %.2f ms, p99 %.2f ms",
                steps, audioSeconds, cpu, wall, cpu > 0 ? audioSeconds / cpu : Double.NaN, p50, p99);
    }

    /** Sends progress when the last message is at least {@link #INTERVAL_NANOS} old. */
    void maybeSend(int epoch, long step, double loss, double lr) {
        if (clock.getAsLong() - lastSent >= INTERVAL_NANOS) {
            send(epoch, step, loss, lr, false);
        }
    }

    /**
     * Sends progress now.
     *
     * @param epoch   the epoch in progress, 1-based (capped at the total)
     * @param step    global steps done
     * @param initial the message before the first step: no loss and no learning rate yet
     */
    void send(int epoch, long step, double loss, double lr, boolean initial) {
        lastSent = clock.getAsLong();
        out.send(payload(epoch, step, loss, lr, initial));
    }

    TrainingProgress payload(int epoch, long step, double loss, double lr, boolean initial) {
        double seconds = trainNanos / 1e9;
        double[] sorted = Arrays.copyOf(recent, (int) Math.min(steps, recent.length));
        Arrays.sort(sorted);
        return new TrainingProgress(Math.min(epoch, totalEpochs), totalEpochs, step, totalSteps,
                initial || !Double.isFinite(loss) ? null : round(loss, 5), initial || !Double.isFinite(lr) ? null : lr,
                seconds > 0 ? round(audioSeconds / seconds, 1) : null, steps > 0 ? round(seconds * 1000 / steps, 2) : null,
                sorted.length > 0 ? round(sorted[sorted.length / 2], 2) : null,
                sorted.length > 0 ? round(sorted[Math.min(sorted.length - 1, (int) (sorted.length * 0.99))], 2) : null,
                eta(step), step - firstStep);
    }

    /** Seconds left at global step {@code step}, from this run's mean step time; null before the first step. */
    Double eta(long step) {
        return steps > 0 ? round((totalSteps - step) * (trainNanos / 1e9) / steps, 1) : null;
    }
}
