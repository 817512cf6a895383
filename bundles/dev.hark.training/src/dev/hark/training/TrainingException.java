package dev.hark.training;

/**
 * A refused training or dataset request. It says why ({@link Reason}), not how a transport answers it: the
 * server maps reasons to HTTP statuses in one place.
 */
public final class TrainingException extends Exception {

    private static final long serialVersionUID = 1L;

    /** Why a request was refused. */
    public enum Reason {
        /** The request is malformed or names something that cannot be used (bad field, unknown model, missing dataset). */
        INVALID,
        /** What the request names does not exist (checkpoint, dataset, download source, run to stop). */
        NOT_FOUND,
        /** The request clashes with what runs now (already training, dataset busy or already there). */
        CONFLICT,
        /** The service cannot take it now (stopping, out of resources). */
        UNAVAILABLE
    }

    private final Reason reason;

    public TrainingException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public static TrainingException invalid(String message) {
        return new TrainingException(Reason.INVALID, message);
    }

    public static TrainingException notFound(String message) {
        return new TrainingException(Reason.NOT_FOUND, message);
    }

    public static TrainingException conflict(String message) {
        return new TrainingException(Reason.CONFLICT, message);
    }

    public Reason reason() {
        return reason;
    }
}
