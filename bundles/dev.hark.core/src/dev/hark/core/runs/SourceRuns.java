package dev.hark.core.runs;

import dev.hark.protocol.runs.RunInfo;

import java.util.List;

/** What one source held at its last read: its runs, or why it could not be read ({@code error}, else empty). */
public record SourceRuns(String source, List<RunInfo> runs, String error) {

    public SourceRuns {
        runs = List.copyOf(runs);
        error = error == null ? "" : error;
    }
}
