package dev.hark.api;

/** A request the server answered with an error, or could not be made; the message is for people. */
public class HarkApiException extends Exception {

    private static final long serialVersionUID = 1L;
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
}
