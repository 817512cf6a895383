package dev.hark.core.runs;

import java.util.List;

/** Every source's runs at one moment, in the order the sources were added. Immutable. */
public record RunsSnapshot(List<SourceRuns> sources) {

    public static final RunsSnapshot EMPTY = new RunsSnapshot(List.of());

    public RunsSnapshot {
        sources = List.copyOf(sources);
    }

    public int runCount() {
        return sources.stream().mapToInt(s -> s.runs().size()).sum();
    }
}
