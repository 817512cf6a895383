package dev.hark.core.audio;

/**
 * Thrown when a frame of audio bytes cannot be decoded: its length is not a whole number of
 * samples, or it holds float samples that are not finite or lie far outside {@code [-1, 1]}.
 * The message says what is wrong and where, so it can be sent back to the client as is.
 */
public final class BadAudioException extends Exception {

    private static final long serialVersionUID = 1L;

    public BadAudioException(String message) {
        super(message);
    }
}
