package dev.hark.core.runs;

import java.util.Objects;

/** A run among all sources: the source's label ({@link TrainingRunSource#label()}) and the run's id in it. */
public record RunKey(String source, String runId) {

    public RunKey {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(runId, "runId");
    }
}
