package dev.hark.server.internal;

/**
 * A v2 streaming session; it outlives its connection for the server's resume window. All fields are
 * guarded by the object's monitor: the connection that owns it now feeds it, a new connection may
 * take it over, and the reaper may expire it.
 */
final class V2Session {

    final String id;
    final String model;
    final int sampleRate;
    final String format;

    RecognitionSession recognition;
    /** Last frame sequence number processed; -1 before the first. */
    long lastSeq;
    /** Last sequence number acknowledged as committed. */
    long ackedSeq;
    /** Audio time (s) at the end of the acknowledged frame. */
    double ackedTime;
    /** Id of the segment partials currently describe. */
    long segment;
    /** The connection feeding it, or null while detached. */
    Object owner;
    /** When it lost its connection (System.nanoTime), for expiry. */
    long detachedAt;
    boolean ended;
    /**
     * Finals sent since the last resume, in case the connection died before the client got them: a
     * resume re-sends those after the client's last acknowledged frame. Bounded.
     */
    final java.util.ArrayDeque<dev.hark.protocol.V2.Final> recentFinals = new java.util.ArrayDeque<>();
    static final int MAX_RECENT_FINALS = 256;

    V2Session(String id, String model, int sampleRate, String format, long ackedSeq, double ackedTime) {
        this.id = id;
        this.model = model;
        this.sampleRate = sampleRate;
        this.format = format;
        this.lastSeq = ackedSeq;
        this.ackedSeq = ackedSeq;
        this.ackedTime = ackedTime;
    }

    /** Ends it for good: frees the decoder. */
    synchronized void end() {
        ended = true;
        if (recognition != null) {
            recognition.close();
            recognition = null;
        }
    }
}
