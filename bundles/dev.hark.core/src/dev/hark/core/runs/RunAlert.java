package dev.hark.core.runs;

import java.util.Objects;

/**
 * Something about a training run the user should hear of without watching its charts: a non-finite loss, a
 * validation metric that stopped improving, a run that ended. {@code tag} and {@code step} say where (empty and -1
 * for a run that ended); {@code value} is the value seen there (NaN where none); {@code detail} is the source's
 * own words (a failed run's reason), shown as it came.
 */
public record RunAlert(RunKey run, String runName, Kind kind, String tag, long step, double value, String detail) {

    /** What happened. */
    public enum Kind {
        /** A loss became NaN or infinite. */
        NON_FINITE,
        /** A validation metric (lower is better) has not beaten its best for the configured number of validations. */
        NOT_IMPROVING,
        /** The run completed. */
        FINISHED,
        /** The run was stopped. */
        STOPPED,
        /** The run failed or crashed ({@code detail} says why when the source knows). */
        FAILED
    }

    public RunAlert {
        Objects.requireNonNull(run, "run");
        Objects.requireNonNull(kind, "kind");
        runName = runName == null || runName.isBlank() ? run.runId() : runName;
        tag = tag == null ? "" : tag;
        detail = detail == null ? "" : detail;
    }

    /** Whether the user should look now (a problem) rather than when convenient (a run ended as planned). */
    public boolean isProblem() {
        return kind == Kind.NON_FINITE || kind == Kind.NOT_IMPROVING || kind == Kind.FAILED;
    }
}
