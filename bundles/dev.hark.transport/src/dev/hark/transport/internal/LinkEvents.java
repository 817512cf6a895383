package dev.hark.transport.internal;

import java.util.List;

import dev.hark.core.transcript.Segment;

/** What a protocol link reports to its session, already decoded. Called on Jetty's threads. */
public interface LinkEvents {

    /** v2: the server opened a session; {@code resumeToken} is what a resume of it must present. */
    default void started(String sessionId, String resumeToken) {
    }

    /**
     * v2: the server cannot take the session now (its streams are all in use, or it still sees the session on the
     * dropped connection); trying again after {@code retryAfterMs} may work. Nothing was queued.
     */
    default void busy(String message, long retryAfterMs) {
        serverError(message, false);
    }

    /** The server accepted the session and its model is loaded. */
    void ready(String sessionId);

    /** v2: the server took the session back; send from {@code nextSeq}. */
    void resumed(long nextSeq, boolean restored);

    void partial(String text, double start, double end);

    /** A committed segment; {@code ackSeq} -1 under v1 (no sequence numbers). */
    void finalResult(String text, double start, double end, List<Segment.Word> words, long ackSeq, double ackTime);

    /** v2: frames up to {@code seq} are committed. */
    void ack(long seq, double time);

    /**
     * v2: the recognizer's adaptive state as of frame {@code seq} (sent with finals and acks), to bring back in a
     * resume should the server lose the session.
     */
    default void adaptiveState(long seq, String state) {
    }

    /** v2: the server refused the adaptive state a resume brought ({@code bad_state}): resume without one. */
    default void stateRefused(String message) {
        serverError(message, false);
    }

    /**
     * v2: the server took only part of a resume's warm-up frames ({@code bad_warm_up}): the session goes on, its
     * decoder a little less warm. Not a reason to fail the stream.
     */
    default void warmUpRefused(String message) {
    }

    /** The server confirmed the end of the session. */
    void stopped();

    /** An error the server reported. */
    void serverError(String message, boolean fatal);

    /** A round trip measured by ping/pong. */
    void rtt(long millis);

    /** A message that breaks the protocol (malformed JSON, unknown type); reported, then ignored. */
    void malformed(String what);

    /** The connection ended. */
    void closed(int code, String reason);
}
