package dev.hark.server.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.Base64;

import dev.hark.protocol.V2;

/**
 * A v2 streaming session; it outlives its connection for the server's resume window. All fields are
 * guarded by the object's monitor: the connection that owns it now feeds it, a new connection may
 * take it over once the old one is gone, and the reaper may expire it.
 *
 * <p>Only the connection that started it learns its {@link #token}; a resume must present it. While detached it
 * holds no decoder: {@link #detach()} frees it (and its admission permit) and keeps the last seconds of committed
 * audio to warm the next one.
 */
final class V2Session {

    private static final SecureRandom RANDOM = new SecureRandom();

    final String id;
    final String model;
    final int sampleRate;
    final String format;
    /** The resume token: 256 random bits, base64url. */
    final String token;

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
    /** When it lost its connection (System.nanoTime), for expiry and for evicting the oldest. */
    long detachedAt;
    boolean ended;
    /**
     * The recognizer's adaptive state at the last commitment (opaque, from the engine), sent with finals and acks so
     * that a client can bring it to a server that lost the session; null while there is none.
     */
    String adaptiveState;
    /** Committed audio (model rate) that warms the decoder a resume creates; empty when there is none. */
    float[] warmUp = new float[0];
    /**
     * A restarted server's resume announced warm-up frames ({@link V2.Resume#warmUpFrames()}): how many, and the PCM of
     * those received so far; the decoder is created once they are all in, from {@link #adaptiveState} (the state
     * before them) and warmed on them. 0 when none is awaited.
     */
    int warmUpAwaited;
    final java.util.List<byte[]> warmUpPcm = new java.util.ArrayList<>();
    long warmUpBytes;
    /** The admission permit a session awaiting its warm-up frames holds until its decoder is created. */
    StreamAdmission.Permit warmUpPermit;
    /** True when {@link #adaptiveState} is the state before {@link #warmUp}: the new decoder starts from it, then warms. */
    boolean stateBeforeWarmUp;
    /** Lag reference: wall time (nanoTime) of the first frame since the session (re)gained a decoder, and its audio time. */
    long lagOriginNanos;
    double lagOriginAudio = -1;
    /**
     * Finals sent since the last resume, in case the connection died before the client got them: a
     * resume re-sends those after the client's last acknowledged frame. Bounded.
     */
    final ArrayDeque<V2.Final> recentFinals = new ArrayDeque<>();
    static final int MAX_RECENT_FINALS = 256;

    V2Session(String id, String token, String model, int sampleRate, String format, long ackedSeq, double ackedTime) {
        this.id = id;
        this.token = token;
        this.model = model;
        this.sampleRate = sampleRate;
        this.format = format;
        this.lastSeq = ackedSeq;
        this.ackedSeq = ackedSeq;
        this.ackedTime = ackedTime;
    }

    /** An unguessable id or token: {@code bytes} random bytes from a SecureRandom, base64url without padding. */
    static String randomToken(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    /** Whether {@code presented} is this session's token, compared in constant time. */
    boolean tokenMatches(String presented) {
        return presented != null && MessageDigest.isEqual(token.getBytes(StandardCharsets.UTF_8),
                presented.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Its connection is gone: frees the decoder, keeps the committed audio that will warm the next one, and
     * forgets the uncommitted frames (the client resends them after {@link #ackedSeq}).
     */
    synchronized void detach() {
        owner = null;
        detachedAt = System.nanoTime();
        if (recognition != null) {
            warmUp = recognition.committedHistory(ackedTime);
            recognition.close();
            recognition = null;
        }
        lastSeq = ackedSeq;
        lagOriginAudio = -1;
        if (dropWarmUpFrames()) {
            // gone while its warm-up frames came in: no decoder was made, and what it has (the client's older state,
            // no audio) is not worth keeping; ended, so that the next resume starts it afresh with its warm-up again
            ended = true;
        }
    }

    /**
     * Forgets the warm-up frames a resume announced and gives back the permit held for them, if one still is.
     *
     * @return true when a permit was held (the session was still waiting for its warm-up frames)
     */
    synchronized boolean dropWarmUpFrames() {
        boolean waiting = warmUpPermit != null;
        if (waiting) {
            warmUpPermit.close();
            warmUpPermit = null;
        }
        warmUpAwaited = 0;
        warmUpPcm.clear();
        warmUpBytes = 0;
        return waiting;
    }

    /** How far recognition runs behind real time (ms), from the lag reference; 0 when ahead. */
    long lagMillis(double audioTime) {
        if (lagOriginAudio < 0) {
            return 0;
        }
        double wall = (System.nanoTime() - lagOriginNanos) / 1e6;
        return Math.max(0, Math.round(wall - (audioTime - lagOriginAudio) * 1000));
    }

    /** Bytes it holds while detached, roughly (for the detached-session memory budget). */
    synchronized long detachedBytes() {
        return 256L + 4L * warmUp.length + 512L * recentFinals.size();
    }

    /** Ends it for good: frees the decoder. */
    synchronized void end() {
        ended = true;
        warmUp = new float[0];
        dropWarmUpFrames();
        if (recognition != null) {
            recognition.close();
            recognition = null;
        }
    }
}
