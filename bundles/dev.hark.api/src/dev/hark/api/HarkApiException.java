package dev.hark.api;

/** A request the server answered with an error, or could not be made; the message is for people. */
public class HarkApiException extends Exception {

    private static final long serialVersionUID = 1L;
    /** What a route an older server lacks reads as. */
    public static final String NOT_SUPPORTED = "not supported by this server";
    /** What a cancelled call reads as. */
    public static final String CANCELLED = "cancelled";
    private final int status;

    public HarkApiException(int status, String message) {
        super(message);
        this.status = status;
    }

    public HarkApiException(String message, Throwable cause) {
        super(message, cause);
        this.status = 0;
    }

    /** The HTTP status, or 0 when the server could not be reached. */
    public int status() {
        return status;
    }

    /** True when the caller cancelled the call. */
    public boolean cancelled() {
        return status == 0 && CANCELLED.equals(getMessage());
    }

    /** True when the server lacks the route (an older asr-test server). */
    public boolean notSupported() {
        return getMessage() != null && getMessage().startsWith(NOT_SUPPORTED);
    }
}
