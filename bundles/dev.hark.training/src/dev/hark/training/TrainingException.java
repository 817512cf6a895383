package dev.hark.training;

/** A refused training or dataset request, with the HTTP status v1 answered it with. */
public final class TrainingException extends Exception {

    private static final long serialVersionUID = 1L;

    private final int status;

    public TrainingException(int status, String message) {
        super(message);
        this.status = status;
    }

    /** 400 bad model or dataset, 404 no such checkpoint or dataset, 409 busy. */
    public int status() {
        return status;
    }
}
