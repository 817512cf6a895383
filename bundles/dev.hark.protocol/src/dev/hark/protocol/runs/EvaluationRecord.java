package dev.hark.protocol.runs;

import java.util.List;

/**
 * An evaluation of a run's checkpoint ({@code /v2/runs/{id}/evaluations}, docs/protocol.md). {@code status} is
 * {@value #RUNNING}, {@value #COMPLETED}, {@value #CANCELLED} or {@value #FAILED} (with {@code reason}); {@code done} of
 * {@code total} utterances are scored; {@code summary} are the figures so far (null before the first utterance);
 * {@code utterances} are listed by {@code GET .../evaluations/{eid}} only (null in the list).
 */
public record EvaluationRecord(String id, String runId, String checkpoint, String checkpointFolder, String dataset, String split, int limit,
        String status, String reason, int done, int total, String startedAt, String endedAt, EvaluationFigures summary,
        List<EvaluationUtterance> utterances) {

    public static final String RUNNING = "running";
    public static final String COMPLETED = "completed";
    public static final String CANCELLED = "cancelled";
    public static final String FAILED = "failed";

    public EvaluationRecord {
        utterances = utterances == null ? null : List.copyOf(utterances);
    }

    /** Whether it has ended (completed, cancelled or failed). */
    public boolean ended() {
        return !RUNNING.equals(status);
    }

    /** This record without its utterances (as lists show it). */
    public EvaluationRecord withoutUtterances() {
        return new EvaluationRecord(id, runId, checkpoint, checkpointFolder, dataset, split, limit, status, reason, done, total, startedAt,
                endedAt, summary, null);
    }
}
