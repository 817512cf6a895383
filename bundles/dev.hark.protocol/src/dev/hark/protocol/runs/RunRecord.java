package dev.hark.protocol.runs;

import java.util.List;
import java.util.Objects;

/**
 * A training run as a Hark server keeps it ({@code GET /v2/runs}, {@code GET /v2/runs/{id}}). {@code status} is
 * {@value #RUNNING}, {@value #COMPLETED}, {@value #STOPPED} or {@value #FAILED}, with {@code reason} saying why a run
 * failed (or how it ended); times are ISO-8601 instants ({@code endedAt} null while running). {@code tags} are its
 * scalar series (see {@code /v2/runs/{id}/scalars}), {@code points} their total, {@code lastStep} the last logged
 * step (-1 before the first). {@code checkpoints} are listed by {@code GET /v2/runs/{id}} only (null in the list).
 * {@code bestEvaluation} is its best completed evaluation (lowest WER), null when it has none.
 */
public record RunRecord(String id, String name, String model, String dataset, String checkpointTag, String resumedFrom,
        RunHyperparameters hparams, String status, String reason, String startedAt, String endedAt, List<String> tags,
        long points, long lastStep, List<RunCheckpoint> checkpoints, EvaluationBest bestEvaluation) {

    public static final String RUNNING = "running";
    public static final String COMPLETED = "completed";
    public static final String STOPPED = "stopped";
    public static final String FAILED = "failed";

    public RunRecord {
        Objects.requireNonNull(id, "id");
        tags = tags == null ? List.of() : List.copyOf(tags);
        checkpoints = checkpoints == null ? null : List.copyOf(checkpoints);
    }

    /** This record with another status, reason and end. */
    public RunRecord ended(String newStatus, String newReason, String end) {
        return new RunRecord(id, name, model, dataset, checkpointTag, resumedFrom, hparams, newStatus, newReason, startedAt, end, tags,
                points, lastStep, checkpoints, bestEvaluation);
    }

    /** This record with its series summary and checkpoints. */
    public RunRecord with(List<String> newTags, long newPoints, long newLastStep, List<RunCheckpoint> newCheckpoints) {
        return new RunRecord(id, name, model, dataset, checkpointTag, resumedFrom, hparams, status, reason, startedAt, endedAt, newTags,
                newPoints, newLastStep, newCheckpoints, bestEvaluation);
    }

    /** This record with its best evaluation (null for none). */
    public RunRecord withBest(EvaluationBest best) {
        return new RunRecord(id, name, model, dataset, checkpointTag, resumedFrom, hparams, status, reason, startedAt, endedAt, tags,
                points, lastStep, checkpoints, best);
    }

    /** The state a runs view shows. */
    public RunState state() {
        return switch (status == null ? "" : status) {
            case RUNNING -> RunState.ACTIVE;
            case COMPLETED -> RunState.FINISHED;
            case STOPPED -> RunState.STOPPED;
            case FAILED -> RunState.FAILED;
            default -> RunState.IDLE;
        };
    }
}
