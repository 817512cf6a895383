package dev.hark.protocol.runs;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One training run of a source. {@code id} is unique within its source (a TensorBoard run's id is its folder
 * relative to the log folder, "." for the log folder itself); {@code tags} are its scalar series' names;
 * {@code lastWallTime} is in epoch seconds (NaN when nothing was logged); {@code detail} says why a run failed
 * or is empty otherwise. {@code hparams} are whatever the source knows (empty for TensorBoard scalars).
 */
public record RunInfo(String id, String name, RunState state, String detail, List<String> tags, long points,
        long lastStep, double lastWallTime, Map<String, String> hparams) {

    public RunInfo {
        Objects.requireNonNull(id, "id");
        name = name == null || name.isBlank() ? id : name;
        Objects.requireNonNull(state, "state");
        detail = detail == null ? "" : detail;
        tags = List.copyOf(tags);
        hparams = Map.copyOf(hparams);
    }
}
