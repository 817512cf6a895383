package dev.hark.transport.internal;

import java.io.IOException;

import dev.hark.core.audio.PcmFormat;

/** One WebSocket connection speaking one protocol version. */
public interface ProtocolLink {

    int version();

    /** Opens a session (v2: after the hello exchange, which the link does itself). */
    void begin(String model, int sampleRate, PcmFormat format);

    /**
     * v2 only: continues a session on a new connection, presenting the resume token its start gave and the
     * recognizer's adaptive state ({@code state}, opaque; null when none came). With {@code warmUp} frames (committed
     * frames ending at {@code ackedSeq}) the state is the one from before them, and they are sent again right after the
     * resume so that a server that lost the session warms its new decoder on them; empty for none.
     */
    void resume(String session, String token, String model, int sampleRate, PcmFormat format, long ackedSeq, double ackedTime,
            String state, java.util.List<ResendBuffer.Frame> warmUp);

    /** Sends one frame and waits until it is written (backpressure reaches the caller). */
    void sendAudio(long seq, byte[] pcm) throws IOException;

    void stop();

    void ping();

    /** Closes normally (1000). */
    void close();

    /** Drops the connection without a close handshake. */
    void abort();
}
