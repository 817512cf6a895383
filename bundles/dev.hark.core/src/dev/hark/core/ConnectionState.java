package dev.hark.core;

/** Life cycle of the streaming session, as the transport service publishes it on {@link HarkTopics#STREAM_STATE}. */
public enum ConnectionState {
    /** No session; nothing to send. */
    IDLE,
    /** Opening the socket or waiting for the server's ready. */
    CONNECTING,
    /** The server accepted the session and waits for audio. */
    READY,
    /** Audio is flowing. */
    STREAMING,
    /** The connection dropped; the service is trying again (backoff) and will resume. */
    RECONNECTING,
    /** A stop was sent; waiting for the last final result. */
    STOPPING,
    /** Gave up: the detail says why. A new start leaves this state. */
    FAILED;

    /** Whether the session holds (or is trying to hold) a connection. */
    public boolean isActive() {
        return this != IDLE && this != FAILED;
    }
}
