package dev.hark.protocol.training;

/**
 * {@code status}: how a run ended ({@code completed}, {@code stopped}, {@code failed}) or, from a worker, how
 * it means to end. {@code runId} and {@code exitCode} are set by the server.
 */
public record TrainingStatus(String status, String message, String runId, Integer exitCode) implements TrainingMessage {

    public static final String TYPE = "status";
    public static final String COMPLETED = "completed";
    public static final String STOPPED = "stopped";
    public static final String FAILED = "failed";

    @Override
    public String type() {
        return TYPE;
    }
}
