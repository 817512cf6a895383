package dev.hark.protocol.runs;

import java.util.List;
import java.util.Objects;

/**
 * The values of one tag of one run, in the order they were logged. {@code totalPoints} is how many the run has;
 * {@code points} may hold fewer when the series was downsampled for drawing (never more).
 */
public record ScalarSeries(String runId, String tag, List<ScalarPoint> points, long totalPoints) {

    public ScalarSeries {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(tag, "tag");
        points = List.copyOf(points);
        if (totalPoints < points.size()) {
            throw new IllegalArgumentException("totalPoints " + totalPoints + " < " + points.size() + " points");
        }
    }

    public boolean downsampled() {
        return totalPoints > points.size();
    }
}
