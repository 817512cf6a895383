package dev.hark.core.services;

import java.util.List;
import java.util.function.Consumer;

import dev.hark.protocol.runs.EvaluationRecord;
import dev.hark.protocol.runs.EvaluationRequest;

/**
 * Evaluations of a run's checkpoint on the server in use ({@code /v2/runs/{id}/evaluations}): the server streams the
 * dataset's validation split (or every utterance) through the checkpoint and scores it; results stay with the run.
 * Calls block: run them off the UI thread.
 */
public interface EvaluationService {

    /** How often {@link #follow} asks the server. */
    long FOLLOW_INTERVAL_MS = 500;

    /** The checkpoints of a server run, by epoch (what can be evaluated). */
    List<dev.hark.protocol.runs.RunCheckpoint> checkpoints(String runId) throws ServerCallException;

    /** Starts an evaluation (the server runs one at a time: 409 while another runs). */
    EvaluationRecord start(String runId, EvaluationRequest request) throws ServerCallException;

    /** One evaluation with its per-utterance scores. */
    EvaluationRecord get(String runId, String evaluationId) throws ServerCallException;

    /** The run's evaluations, newest first, without their utterances. */
    List<EvaluationRecord> list(String runId) throws ServerCallException;

    /** Cancels an evaluation in progress. */
    EvaluationRecord cancel(String runId, String evaluationId) throws ServerCallException;

    /**
     * Follows an evaluation until it ends, telling {@code progress} each state (every {@value #FOLLOW_INTERVAL_MS} ms,
     * on the calling thread), and returns the last one, with its utterances. When {@code cancelled} says so, the
     * evaluation is cancelled on the server and followed to its end.
     */
    EvaluationRecord follow(String runId, String evaluationId, Consumer<EvaluationRecord> progress, java.util.function.BooleanSupplier cancelled)
            throws ServerCallException, InterruptedException;
}
