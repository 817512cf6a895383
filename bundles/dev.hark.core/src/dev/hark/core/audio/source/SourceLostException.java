package dev.hark.core.audio.source;

/** The device went away, or gave no audio for too long, mid-stream (API 1.0). The message is for people. */
public class SourceLostException extends Exception {
    private static final long serialVersionUID = 1L;

    public SourceLostException(String message) {
        super(message);
    }
}
