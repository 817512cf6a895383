package dev.hark.training;

/**
 * Testing aids of a training run: fail after some steps, exhaust the worker's memory, or give the worker a
 * smaller heap. They are accepted only when the JVM runs with {@code -D}{@value #PROPERTY}{@code =true} (the
 * server tests set it); a server without it refuses requests that carry them.
 *
 * @param failAfterSteps throw after this many steps (null or 0: never)
 * @param exhaustMemory  allocate until the heap is exhausted at the first step
 * @param workerHeapMb   the worker's {@code -Xmx} in MiB (null or 0: the supervisor's setting)
 */
public record TestHooks(Integer failAfterSteps, Boolean exhaustMemory, Integer workerHeapMb) {

    /** The system property that enables test hooks. */
    public static final String PROPERTY = "hark.training.testHooks";

    public static final TestHooks NONE = new TestHooks(null, null, null);

    /** Whether this JVM accepts test hooks. */
    public static boolean enabled() {
        return Boolean.getBoolean(PROPERTY);
    }

    /** True when no hook is set. */
    public boolean none() {
        return (failAfterSteps == null || failAfterSteps == 0) && !Boolean.TRUE.equals(exhaustMemory)
                && (workerHeapMb == null || workerHeapMb == 0);
    }

    /**
     * These hooks if this JVM accepts them (checked for range), {@link #NONE} if none is set.
     *
     * @throws TrainingException INVALID when a hook is set but test hooks are disabled, or out of range
     */
    public TestHooks checked() throws TrainingException {
        if (none()) {
            return NONE;
        }
        if (!enabled()) {
            throw TrainingException.invalid("fail_after_steps, exhaust_memory and worker_heap_mb are test hooks; this server"
                    + " accepts them only when started with -D" + PROPERTY + "=true");
        }
        TrainRequest.range("fail_after_steps", failAfterSteps, 0, Integer.MAX_VALUE);
        TrainRequest.range("worker_heap_mb", workerHeapMb, 0, 1 << 20);
        return this;
    }

    int failAfterStepsOrZero() {
        return failAfterSteps == null ? 0 : failAfterSteps;
    }

    boolean exhaustMemoryOrFalse() {
        return Boolean.TRUE.equals(exhaustMemory);
    }

    int workerHeapMbOrZero() {
        return workerHeapMb == null ? 0 : workerHeapMb;
    }
}
