package dev.hark.core.services;

/**
 * A call to the server the workbench uses failed: the server answered with an error, could not be
 * reached, or is not running yet. The message is for people.
 */
public class ServerCallException extends Exception {

    private static final long serialVersionUID = 1L;
    private final int status;

    public ServerCallException(int status, String message) {
        super(message);
        this.status = status;
    }

    public ServerCallException(String message, Throwable cause) {
        super(message, cause);
        this.status = 0;
    }

    /** The HTTP status, or 0 when there was no answer. */
    public int status() {
        return status;
    }

    /** The server is starting, restarting, failed or stopped: nothing was sent. The message says its state. */
    public static final class NotReady extends ServerCallException {

        private static final long serialVersionUID = 1L;

        public NotReady(String state) {
            super(0, state);
        }
    }

    /** The caller cancelled the call (its Cancel button): nothing is wrong. */
    public static final class Cancelled extends ServerCallException {

        private static final long serialVersionUID = 1L;
        /** Its message. */
        public static final String MESSAGE = "cancelled";

        public Cancelled() {
            super(0, MESSAGE);
        }
    }
}
