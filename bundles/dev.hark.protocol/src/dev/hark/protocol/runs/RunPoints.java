package dev.hark.protocol.runs;

import java.util.List;
import java.util.Objects;

/**
 * {@code GET /v2/runs/events}, event {@code points}: the values a run logged since the last {@code points} event of
 * that run, in the order they were logged (a batch: the server coalesces what arrives between two writes).
 */
public record RunPoints(String runId, List<MetricLine> points) {

    public RunPoints {
        Objects.requireNonNull(runId, "runId");
        points = points == null ? List.of() : List.copyOf(points);
    }
}
