package dev.hark.server.internal;

import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;

import dev.hark.protocol.runs.MetricLine;
import dev.hark.protocol.runs.RunDeleted;
import dev.hark.protocol.runs.RunRecord;
import dev.hark.training.RunListener;

/**
 * Fan-out of the run history's changes to every {@code /v2/runs/events} client ({@link RunFeed}s); a listener that
 * throws is dropped. Listeners only store what they hear (their writer threads send it), so publishing never waits.
 */
public final class RunChanges implements RunListener {

    private final Set<RunListener> listeners = new CopyOnWriteArraySet<>();

    void subscribe(RunListener l) {
        listeners.add(l);
    }

    void unsubscribe(RunListener l) {
        listeners.remove(l);
    }

    /** Clients listening now (tests, diagnostics). */
    public int listenerCount() {
        return listeners.size();
    }

    @Override
    public void changed(RunRecord run) {
        for (RunListener l : listeners) {
            try {
                l.changed(run);
            } catch (RuntimeException e) {
                listeners.remove(l);
            }
        }
    }

    @Override
    public void point(String runId, MetricLine line) {
        for (RunListener l : listeners) {
            try {
                l.point(runId, line);
            } catch (RuntimeException e) {
                listeners.remove(l);
            }
        }
    }

    @Override
    public void deleted(RunDeleted run) {
        for (RunListener l : listeners) {
            try {
                l.deleted(run);
            } catch (RuntimeException e) {
                listeners.remove(l);
            }
        }
    }
}
