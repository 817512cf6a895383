package dev.hark.api;

import java.util.List;
import java.util.Map;
import java.util.Objects;

import dev.hark.protocol.runs.RunCheckpoint;

/**
 * A training run of an asr-test (v1) backend as Hark saw it ({@code run.json} of an {@link ObservedRuns} folder): the
 * backend keeps no run history, so everything here is what a watching client heard. {@code status} is running,
 * completed, stopped, failed or {@value #UNKNOWN} (Hark stopped watching before the run ended, or the end was never
 * heard); {@code reason} says why it failed or why its end is unknown. {@code sawStart} is false for a run first seen
 * in progress: its values before {@code firstObservedStep} were never seen. {@code hparams} are what the backend said
 * at the start (model, dataset, epochs, batch size, device, resume). {@code checkpoints} are the files its log said it
 * saved and the checkpoints the backend listed for it.
 */
public record ObservedRun(String id, String model, String dataset, String status, String reason, String startedAt, String endedAt,
        boolean sawStart, long firstObservedStep, Map<String, String> hparams, List<RunCheckpoint> checkpoints) {

    public static final String UNKNOWN = "unknown";

    public ObservedRun {
        Objects.requireNonNull(id, "id");
        hparams = hparams == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(hparams));
        checkpoints = checkpoints == null ? List.of() : List.copyOf(checkpoints);
    }

    ObservedRun ended(String newStatus, String newReason, String end) {
        return new ObservedRun(id, model, dataset, newStatus, newReason, startedAt, end, sawStart, firstObservedStep, hparams, checkpoints);
    }

    ObservedRun withCheckpoints(List<RunCheckpoint> list) {
        return new ObservedRun(id, model, dataset, status, reason, startedAt, endedAt, sawStart, firstObservedStep, hparams, list);
    }

    ObservedRun withHparams(Map<String, String> more) {
        Map<String, String> all = new java.util.LinkedHashMap<>(hparams);
        all.putAll(more);
        return new ObservedRun(id, model, dataset, status, reason, startedAt, endedAt, sawStart, firstObservedStep, all, checkpoints);
    }
}
