package dev.hark.training;

import dev.hark.protocol.runs.MetricLine;
import dev.hark.protocol.runs.RunDeleted;
import dev.hark.protocol.runs.RunRecord;

/**
 * Hears the changes of a {@link RunHistory} as they happen (the server pushes them on {@code /v2/runs/events}). Called
 * on the thread that makes the change (a request thread, the worker's output thread): implementations return at once
 * and never throw.
 */
public interface RunListener {

    /** Hears nothing. */
    RunListener NONE = new RunListener() {
        @Override
        public void changed(RunRecord run) {
        }

        @Override
        public void point(String runId, MetricLine line) {
        }

        @Override
        public void deleted(RunDeleted run) {
        }
    };

    /** A run began, or its status or record changed (with its series summary, without checkpoints). */
    void changed(RunRecord run);

    /** A run logged a value (finite values only, as {@code metrics.jsonl} keeps them). */
    void point(String runId, MetricLine line);

    /** A run was deleted with its checkpoints. */
    void deleted(RunDeleted run);
}
