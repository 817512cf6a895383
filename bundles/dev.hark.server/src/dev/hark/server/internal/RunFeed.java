package dev.hark.server.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.hark.protocol.ProtocolJson;
import dev.hark.protocol.runs.MetricLine;
import dev.hark.protocol.runs.RunDeleted;
import dev.hark.protocol.runs.RunPoints;
import dev.hark.protocol.runs.RunRecord;
import dev.hark.training.RunListener;

/**
 * {@code GET /v2/runs/events} for one client: the run history's changes, coalesced. What arrives between two writes is
 * kept in the order it happened, values that follow one another in one {@code points} event per run, a run's newer
 * record replacing a waiting older one (a record counts every value written before it), a deletion replacing whatever
 * waited for that run; it is written together at most every {@value #BATCH_MS} ms: a run logging
 * thousands of values a second costs a client ten writes a second. At most {@value #MAX_PENDING_POINTS} values wait
 * unsent; a client that falls further behind stops being fed at once (its memory is freed) and is disconnected — it
 * reconnects and reads {@code /v2/runs} again.
 */
final class RunFeed implements SseFeed, RunListener {

    static final int MAX_PENDING_POINTS = 50_000;
    static final long BATCH_MS = 100;

    private final RunChanges changes;
    private final Object lock = new Object();
    /** What waits, in the order it happened: RunRecord, Batch or RunDeleted items. Guarded by lock, as the rest. */
    private final List<Object> queue = new ArrayList<>();
    private int pendingPoints;
    private boolean ended;
    private long lastWrite = System.nanoTime() - TimeUnit.MILLISECONDS.toNanos(BATCH_MS);

    RunFeed(RunChanges changes) {
        this.changes = changes;
    }

    @Override
    public String open() {
        changes.subscribe(this);
        return ": hark runs\n\n";
    }

    /** A run's values that came one after another. */
    private record Batch(String runId, List<MetricLine> lines) {
    }

    private static String runOf(Object item) {
        return switch (item) {
            case RunRecord r -> r.id();
            case Batch b -> b.runId();
            case RunDeleted d -> d.id();
            default -> throw new IllegalStateException(String.valueOf(item));
        };
    }

    @Override
    public void changed(RunRecord run) {
        synchronized (lock) {
            if (!ended) {
                // a newer record replaces a waiting one (it counts every value written before it); order is kept otherwise
                queue.removeIf(item -> item instanceof RunRecord r && r.id().equals(run.id()));
                queue.add(run);
                lock.notifyAll();
            }
        }
    }

    @Override
    public void point(String runId, MetricLine line) {
        synchronized (lock) {
            if (ended) {
                return;
            }
            if (pendingPoints >= MAX_PENDING_POINTS) {
                fallenBehind();
                return;
            }
            Batch batch = null;
            for (int i = queue.size() - 1; i >= 0; i--) {
                Object item = queue.get(i);
                if (runOf(item).equals(runId)) {
                    batch = item instanceof Batch b ? b : null;
                    break;
                }
            }
            if (batch == null) {
                batch = new Batch(runId, new ArrayList<>());
                queue.add(batch);
            }
            batch.lines().add(line);
            pendingPoints++;
            lock.notifyAll();
        }
    }

    @Override
    public void deleted(RunDeleted run) {
        synchronized (lock) {
            if (!ended) {
                for (Object item : queue) {
                    if (item instanceof Batch b && b.runId().equals(run.id())) {
                        pendingPoints -= b.lines().size();
                    }
                }
                queue.removeIf(item -> runOf(item).equals(run.id()));
                queue.add(run);
                lock.notifyAll();
            }
        }
    }

    /** Too slow: stop listening and free what waits (called with the lock held). */
    private void fallenBehind() {
        ended = true;
        queue.clear();
        pendingPoints = 0;
        changes.unsubscribe(this);
        lock.notifyAll();
    }

    /** Values waiting to be written (tests). */
    int pendingPoints() {
        synchronized (lock) {
            return pendingPoints;
        }
    }

    @Override
    public String next(long timeout, TimeUnit unit) throws InterruptedException {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        synchronized (lock) {
            while (true) {
                if (ended) {
                    return END;
                }
                long now = System.nanoTime();
                boolean pending = !queue.isEmpty();
                long wait;
                if (pending) {
                    long due = lastWrite + TimeUnit.MILLISECONDS.toNanos(BATCH_MS);
                    if (now >= due) {
                        lastWrite = now;
                        return drain();
                    }
                    wait = due - now;
                } else {
                    wait = deadline - now;
                    if (wait <= 0) {
                        return null;
                    }
                }
                TimeUnit.NANOSECONDS.timedWait(lock, wait);
            }
        }
    }

    /** The waiting changes as SSE text, in the order they happened. */
    private String drain() {
        StringBuilder out = new StringBuilder();
        for (Object item : queue) {
            switch (item) {
                case RunRecord r -> event(out, "run", ProtocolJson.toJson(r));
                case Batch b -> event(out, "points", ProtocolJson.toJson(new RunPoints(b.runId(), b.lines())));
                case RunDeleted d -> event(out, "deleted", ProtocolJson.toJson(d));
                default -> throw new IllegalStateException(String.valueOf(item));
            }
        }
        queue.clear();
        pendingPoints = 0;
        return out.toString();
    }

    private static void event(StringBuilder out, String type, String json) {
        out.append("event: ").append(type).append("\ndata: ").append(json).append("\n\n");
    }

    @Override
    public void end() {
        synchronized (lock) {
            ended = true;
            lock.notifyAll();
        }
    }

    @Override
    public void release() {
        changes.unsubscribe(this);
    }
}
