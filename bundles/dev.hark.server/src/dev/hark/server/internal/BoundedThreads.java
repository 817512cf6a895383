package dev.hark.server.internal;

import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * At most {@code max} named daemon threads ("PREFIX-N") for long-running tasks, one task per thread and no queue:
 * a task beyond the bound is refused at once ({@link #tryExecute} false) instead of waiting unseen. Idle threads end
 * after 30 s; {@link #stop(Duration)} interrupts what still runs and waits for it.
 */
final class BoundedThreads {

    private final ThreadPoolExecutor pool;
    private final int max;

    BoundedThreads(String prefix, int max) {
        if (max < 1) {
            throw new IllegalArgumentException("max must be at least 1, got " + max);
        }
        this.max = max;
        AtomicInteger ids = new AtomicInteger();
        pool = new ThreadPoolExecutor(0, max, 30, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
            Thread t = new Thread(r, prefix + "-" + ids.incrementAndGet());
            t.setDaemon(true);
            return t;
        }, new ThreadPoolExecutor.AbortPolicy());
    }

    /** Runs {@code task} on a thread of its own; false when {@code max} tasks run already or the pool is stopped. */
    boolean tryExecute(Runnable task) {
        try {
            pool.execute(task);
            return true;
        } catch (RejectedExecutionException e) {
            return false;
        }
    }

    int max() {
        return max;
    }

    /** Tasks running now. */
    int active() {
        return pool.getActiveCount();
    }

    /** Refuses new tasks, interrupts running ones and waits up to {@code wait} for them; true if all ended. */
    boolean stop(Duration wait) throws InterruptedException {
        pool.shutdownNow();
        return pool.awaitTermination(wait.toMillis(), TimeUnit.MILLISECONDS);
    }
}
