package dev.hark.protocol.training;

/**
 * {@code evaluation_progress} while an evaluation of a run's checkpoint runs (at most every 250 ms and after the last
 * utterance), {@code evaluation_done} once it ended ({@code status} completed, cancelled or failed, with {@code reason});
 * {@code wer} and {@code cer} are the figures so far (null before the first utterance).
 */
public record EvaluationUpdate(String runId, String evaluationId, String checkpoint, String status, String reason, int done, int total,
        Double wer, Double cer) implements TrainingMessage {

    public static final String PROGRESS = "evaluation_progress";
    public static final String DONE = "evaluation_done";

    @Override
    public String type() {
        return "running".equals(status) ? PROGRESS : DONE;
    }
}
