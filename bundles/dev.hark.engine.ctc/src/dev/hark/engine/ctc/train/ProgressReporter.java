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
    private long trainingThreadCpuNanos;
    private long prefetchCpuNanos;
    private long steps;
    /** Steps of this process's first epoch, -1 until it ends. */
    private long firstEpochSteps = -1;
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

    /**
     * Marks the end of this process's first epoch: the summary's steady-state percentiles count the steps after it
     * (the first epoch's include the JIT compiler's and the engine's warm-up: each new input shape makes oneDNN build
     * its kernels).
     */
    void firstEpochDone() {
        if (firstEpochSteps < 0) {
            firstEpochSteps = steps;
        }
    }

    /**
     * Counts the process CPU time (every thread: the engine's, the collector's, the compiler's) of training steps, and
     * of it the training thread's (the steps: engine calls and the loss) and the batch prefetch thread's; the rest,
     * "others", is the JVM's own threads (the JIT compilers, the collector) and, with more than one intra-op thread,
     * the engine's workers. (The process figure counts in clock ticks: with little else running "others" can come
     * out a few milliseconds below zero.)
     */
    void cpu(long processNanos, long trainingThreadNanos, long prefetchThreadNanos) {
        cpuNanos += processNanos;
        trainingThreadCpuNanos += trainingThreadNanos;
        prefetchCpuNanos += prefetchThreadNanos;
    }

    /**
     * The run's training-step totals as a log line: steps, audio, process CPU and wall time of the steps (validation
     * and checkpoints excluded), audio seconds per CPU second and the step time percentiles.
     */
    String summary() {
        double[] all = percentiles(0);
        double cpu = cpuNanos / 1e9, wall = trainNanos / 1e9;
        String line = String.format(java.util.Locale.ROOT,
                "training steps: %d steps, %.1f s of audio, %.2f CPU s, %.2f wall s; %.1f audio s per CPU s; step p50 %.2f ms, p99 %.2f ms",
                steps, audioSeconds, cpu, wall, cpu > 0 ? audioSeconds / cpu : Double.NaN, all[0], all[1]);
        if (firstEpochSteps > 0 && steps > firstEpochSteps) {
            double[] steady = percentiles(firstEpochSteps);
            line += String.format(java.util.Locale.ROOT, "; after the first epoch p50 %.2f ms, p99 %.2f ms", steady[0], steady[1]);
            line += String.format(java.util.Locale.ROOT, "; after the first epoch p99 of step / local median %.2f", localSpread(firstEpochSteps));
        }
        if (cpuNanos > 0) {
            line += String.format(java.util.Locale.ROOT, "; CPU s by thread: training %.2f, batches %.2f, others %.2f", trainingThreadCpuNanos / 1e9,
                    prefetchCpuNanos / 1e9, (cpuNanos - trainingThreadCpuNanos - prefetchCpuNanos) / 1e9);
        }
        return line;
    }

    /** The step times kept (the last {@link #RECENT}), of the steps from {@code from} on, in step order. */
    private double[] kept(long from) {
        long first = Math.max(from, steps - recent.length);
        double[] times = new double[(int) Math.max(0, steps - first)];
        for (long i = first; i < steps; i++) {
            times[(int) (i - first)] = recent[(int) (i % recent.length)];
        }
        return times;
    }

    /** The 99th percentile of {@code values}, sorted in place. */
    private static double p99(double[] values) {
        Arrays.sort(values);
        return values[Math.min(values.length - 1, (int) (values.length * 0.99))];
    }

    /** p50 and p99 of the step times kept, of the steps from {@code from} on (NaN when there are none). */
    private double[] percentiles(long from) {
        double[] sorted = kept(from);
        if (sorted.length == 0) {
            return new double[] { Double.NaN, Double.NaN };
        }
        double p99 = p99(sorted);
        return new double[] { sorted[sorted.length / 2], p99 };
    }

    /** Steps on either side of a step whose median is its local median ({@link #localSpread}). */
    static final int LOCAL_HALF_WINDOW = 50;

    /**
     * p99 of each kept step's time (from {@code from} on) over the median of the up to 101 steps around it: the steps'
     * spread without the machine's drift. On a shared virtual machine the speed of every step drifts by 10-40 % over
     * minutes (neighbouring steps' times correlate at 0.77, at 0.26 fifty steps apart; docs/benchmarks.md), and over a
     * long run that drift alone puts p99 / p50 near 1.5 for any trainer; this says what a step does against the steps
     * beside it. NaN when no step is kept.
     */
    double localSpread(long from) {
        double[] times = kept(from);
        int n = times.length;
        if (n == 0) {
            return Double.NaN;
        }
        double[] ratios = new double[n];
        for (int i = 0; i < n; i++) {
            double[] window = Arrays.copyOfRange(times, Math.max(0, i - LOCAL_HALF_WINDOW), Math.min(n, i + LOCAL_HALF_WINDOW + 1));
            Arrays.sort(window);
            ratios[i] = times[i] / window[window.length / 2];
        }
        return p99(ratios);
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
        double[] percentiles = percentiles(0);
        return new TrainingProgress(Math.min(epoch, totalEpochs), totalEpochs, step, totalSteps,
                initial || !Double.isFinite(loss) ? null : round(loss, 5), initial || !Double.isFinite(lr) ? null : lr,
                seconds > 0 ? round(audioSeconds / seconds, 1) : null, steps > 0 ? round(seconds * 1000 / steps, 2) : null,
                steps > 0 ? round(percentiles[0], 2) : null, steps > 0 ? round(percentiles[1], 2) : null, eta(step), step - firstStep);
    }

    /** Seconds left at global step {@code step}, from this run's mean step time; null before the first step. */
    Double eta(long step) {
        return steps > 0 ? round((totalSteps - step) * (trainNanos / 1e9) / steps, 1) : null;
    }
}
