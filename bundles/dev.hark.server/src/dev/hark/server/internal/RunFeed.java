package dev.hark.server.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.hark.protocol.ProtocolJson;
import dev.hark.protocol.runs.MetricLine;
import dev.hark.protocol.runs.RunDeleted;
import dev.hark.protocol.runs.RunPoints;
import dev.hark.protocol.runs.RunRecord;
import dev.hark.training.RunListener;

/**
 * {@code GET /v2/runs/events} for one client: the run history's changes, coalesced. What arrives between two writes is
 * kept as at most one {@code run} event per run (its newest record), one {@code points} event per run (its new values
 * in order) and one {@code deleted} per run, and written together at most every {@value #BATCH_MS} ms: a run logging
 * thousands of values a second costs a client ten writes a second. At most {@value #MAX_PENDING_POINTS} values wait
 * unsent; a client that falls further behind stops being fed at once (its memory is freed) and is disconnected — it
 * reconnects and reads {@code /v2/runs} again.
 */
final class RunFeed implements SseFeed, RunListener {

    static final int MAX_PENDING_POINTS = 50_000;
    static final long BATCH_MS = 100;

    private final RunChanges changes;
    private final Object lock = new Object();
    // all guarded by lock
    private final Map<String, RunRecord> records = new LinkedHashMap<>();
    private final Map<String, List<MetricLine>> points = new LinkedHashMap<>();
    private final Map<String, RunDeleted> deletions = new LinkedHashMap<>();
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

    @Override
    public void changed(RunRecord run) {
        synchronized (lock) {
            if (!ended) {
                deletions.remove(run.id());
                records.put(run.id(), run);
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
            points.computeIfAbsent(runId, k -> new ArrayList<>()).add(line);
            pendingPoints++;
            lock.notifyAll();
        }
    }

    @Override
    public void deleted(RunDeleted run) {
        synchronized (lock) {
            if (!ended) {
                records.remove(run.id());
                List<MetricLine> dropped = points.remove(run.id());
                pendingPoints -= dropped == null ? 0 : dropped.size();
                deletions.put(run.id(), run);
                lock.notifyAll();
            }
        }
    }

    /** Too slow: stop listening and free what waits (called with the lock held). */
    private void fallenBehind() {
        ended = true;
        records.clear();
        points.clear();
        deletions.clear();
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
                boolean pending = !records.isEmpty() || !points.isEmpty() || !deletions.isEmpty();
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

    /** The waiting changes as SSE text: runs first (a new run before its values), then values, then deletions. */
    private String drain() {
        StringBuilder out = new StringBuilder();
        records.values().forEach(r -> event(out, "run", ProtocolJson.toJson(r)));
        points.forEach((id, lines) -> event(out, "points", ProtocolJson.toJson(new RunPoints(id, lines))));
        deletions.values().forEach(d -> event(out, "deleted", ProtocolJson.toJson(d)));
        records.clear();
        points.clear();
        deletions.clear();
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
