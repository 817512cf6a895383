package dev.hark.engine;

/** A recognition failure the server turns into a clear error for its client. */
public class EngineException extends Exception {

    private static final long serialVersionUID = 1L;

    /** What went wrong, so that the server can choose the reply (e.g. 404 vs 500). */
    public enum Kind {
        /** No such model. */
        UNKNOWN_MODEL,
        /** Model files or native libraries are missing or unreadable. */
        UNAVAILABLE,
        /** The audio was unusable (empty, not finite). */
        BAD_AUDIO,
        /** An adaptive state given to {@link RecognitionModel#openStream(String)} is not one this model made. */
        BAD_STATE,
        /** The native engine failed while decoding. */
        ENGINE_FAILURE,
        /** The caller no longer wanted the result ({@link TranscribeProgress#cancelled()}). */
        CANCELLED
    }

    private final Kind kind;

    public EngineException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public EngineException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
