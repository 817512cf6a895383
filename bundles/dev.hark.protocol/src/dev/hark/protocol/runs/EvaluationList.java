package dev.hark.protocol.runs;

import java.util.List;

/** {@code GET /v2/runs/{id}/evaluations}: a run's evaluations, newest first, without their utterances. */
public record EvaluationList(List<EvaluationRecord> evaluations) {

    public EvaluationList {
        evaluations = evaluations == null ? List.of() : List.copyOf(evaluations);
    }
}
