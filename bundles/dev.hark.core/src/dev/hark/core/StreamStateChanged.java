package dev.hark.core;

import java.time.Instant;
import java.util.Objects;

/**
 * Payload of {@link HarkTopics#STREAM_STATE}.
 *
 * @param state      the new state
 * @param server     the server address the session talks to, or an empty string when there is none
 * @param detail     a human-readable reason ("server closed: 1011 engine failed"), or an empty string
 * @param reconnects how many times this session reconnected since it was started
 * @param at         when the state changed
 */
public record StreamStateChanged(ConnectionState state, String server, String detail, int reconnects, Instant at) {

    public StreamStateChanged {
        Objects.requireNonNull(state, "state");
        server = server == null ? "" : server;
        detail = detail == null ? "" : detail;
        if (reconnects < 0) {
            throw new IllegalArgumentException("reconnects < 0: " + reconnects);
        }
        at = at == null ? Instant.now() : at;
    }

    public static StreamStateChanged of(ConnectionState state, String server, String detail) {
        return new StreamStateChanged(state, server, detail, 0, Instant.now());
    }
}
