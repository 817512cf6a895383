package dev.hark.protocol.runs;

import java.util.List;

/** {@code GET /v2/runs}: a Hark server's runs, newest first. */
public record RunList(List<RunRecord> runs) {

    public RunList {
        runs = runs == null ? List.of() : List.copyOf(runs);
    }
}
