package dev.hark.protocol.training;

/** {@code log}: a line of the training job's log. */
public record TrainingLog(String level, String message) implements TrainingMessage {

    public static final String TYPE = "log";
    public static final String INFO = "INFO";
    public static final String WARNING = "WARNING";
    public static final String ERROR = "ERROR";

    @Override
    public String type() {
        return TYPE;
    }

    /** {@code [LEVEL] message}, as v1's {@code latest_logs} lists lines. */
    public String line() {
        return "[" + (level == null ? "" : level) + "] " + (message == null ? "" : message);
    }
}
