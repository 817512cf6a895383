package dev.hark.server.internal;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.logging.Level;
import java.util.regex.Pattern;

import org.eclipse.jetty.websocket.api.Callback;

import dev.hark.core.audio.BadAudioException;
import dev.hark.core.audio.PcmFormat;
import dev.hark.protocol.ProtocolException;
import dev.hark.protocol.V1;
import dev.hark.protocol.V2;
import dev.hark.engine.EngineException;
import dev.hark.engine.Hypothesis;
import dev.hark.server.ModelCatalog;

/**
 * {@link V2#PATH}: protocol v2 (docs/protocol.md). A connection says hello, then starts or resumes a
 * session; audio frames carry sequence numbers; finals and acks tell the client which frames are
 * committed, so that after a dropped connection it can resume and resend only what is not.
 *
 * <p>Over 400 lines on purpose: it is the protocol's state machine for one connection (hello, start and resume with
 * their admission and token checks, frames, commitment, stop), which reads best in one place; what a session keeps
 * across connections is {@link V2Session}'s and {@link SessionStore}'s, the capacity {@link StreamAdmission}'s.
 */
public final class V2StreamEndpoint extends StreamEndpointSupport {

    static final Duration HELLO_TIMEOUT = Duration.ofSeconds(10);
    /** Acknowledge committed silence at most this often (s of audio), so client buffers stay small. */
    static final double ACK_INTERVAL = 1.0;
    /** When to retry a resume of a session still live on another connection (a drop the server has not seen yet). */
    static final long RETRY_LIVE_MS = 500;
    private static final Pattern SESSION_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final Pattern STATE = Pattern.compile("[A-Za-z0-9._-]{1," + V2.MAX_STATE_CHARS + "}");

    private final ModelCatalog catalog;
    private final SessionStore sessions;
    private final int maxFrameBytes;
    private final String serverName;

    private volatile boolean helloDone;
    private volatile ScheduledFuture<?> helloTimeout;
    private volatile V2Session current;
    /** Frames up to this sequence number, while no session is current, are the warm-up of a refused resume; -1 none. */
    private volatile long refusedWarmUpUpTo = -1;

    V2StreamEndpoint(ModelCatalog catalog, SessionStore sessions, int maxFrameBytes, String serverName) {
        this.catalog = catalog;
        this.sessions = sessions;
        this.maxFrameBytes = maxFrameBytes;
        this.serverName = serverName;
    }

    @Override
    protected void opened() {
        helloTimeout = sessions.schedule(() -> {
            if (!helloDone) {
                fatal(V2.CLOSE_HANDSHAKE_TIMEOUT, "handshake_timeout", "no hello within " + HELLO_TIMEOUT.toSeconds() + " s");
            }
        }, HELLO_TIMEOUT);
    }

    private void sendMessage(Record message) {
        send(V2.encode(message));
    }

    private void error(String code, String message) {
        sendMessage(new V2.Error(code, message, false));
    }

    private void fatal(int closeCode, String code, String message) {
        sendMessage(new V2.Error(code, message, true));
        close(closeCode, message.length() > 100 ? message.substring(0, 100) : message);
    }

    @Override
    public void onWebSocketText(String text) {
        boolean resume = true;
        try {
            Record message = V2.decodeClientMessage(text);
            if (!helloDone && !(message instanceof V2.Hello)) {
                fatal(V2.CLOSE_PROTOCOL_VERSION, "hello_required", "the first message must be a hello with \"protocol\": 2");
                return;
            }
            resume = switch (message) {
                case V2.Hello hello -> hello(hello);
                case V2.Start start -> start(start);
                case V2.Resume r -> resume(r);
                case V2.Stop stop -> stop();
                case V2.Ping ping -> {
                    sendMessage(new V2.Pong(ping.id(), ping.t()));
                    yield true;
                }
                case V2.Pong pong -> true;
                default -> {
                    error("unknown_type", "unexpected message " + message.getClass().getSimpleName());
                    yield true;
                }
            };
        } catch (ProtocolException e) {
            if (!helloDone) {
                fatal(V2.CLOSE_PROTOCOL_VERSION, e.code(), e.getMessage());
                return;
            }
            error(e.code(), e.getMessage());
        } finally {
            if (resume) {
                demand();
            }
        }
    }

    private boolean hello(V2.Hello hello) {
        if (hello.protocol() != V2.PROTOCOL) {
            fatal(V2.CLOSE_PROTOCOL_VERSION, "protocol_version", "this server speaks protocol 2, not " + hello.protocol());
            return false;
        }
        helloDone = true;
        ScheduledFuture<?> t = helloTimeout;
        if (t != null) {
            t.cancel(false);
        }
        List<String> models = catalog.models().stream().map(m -> m.name()).toList();
        sendMessage(new V2.ServerHello(V2.PROTOCOL, serverName, List.of("i16", "f32"), true, true, maxFrameBytes,
                0, sessions.resumeWindow().toMillis(), models));
        return true;
    }

    private void validateAudioParameters(int sampleRate, String format) throws ProtocolException {
        if (sampleRate < V1.MIN_SAMPLE_RATE || sampleRate > V1.MAX_SAMPLE_RATE) {
            throw new ProtocolException("bad_field", "sample_rate " + sampleRate + " Hz is outside " + V1.MIN_SAMPLE_RATE + ".." + V1.MAX_SAMPLE_RATE);
        }
        try {
            PcmFormat.parse(format == null ? "" : format);
        } catch (IllegalArgumentException e) {
            throw new ProtocolException("bad_field", "format must be \"i16\" or \"f32\"");
        }
    }

    private boolean start(V2.Start start) throws ProtocolException {
        if (current != null) {
            error("session_active", "session " + current.id + " is active; send stop before another start");
            return true;
        }
        validateAudioParameters(start.sampleRate(), start.format());
        String model = ModelCatalog.canonicalName(start.model());
        var info = catalog.find(model);
        if (info.isEmpty()) {
            error("unknown_model", catalog.unknownModelMessage(model));
            return true;
        }
        StreamAdmission.Permit permit = admission().tryAcquire(model);
        if (permit == null) {
            busy(model);
            return true;
        }
        V2Session session = new V2Session(V2Session.randomToken(16), V2Session.randomToken(32), model, start.sampleRate(),
                start.format(), -1, 0);
        session.owner = this;
        sessions.put(session);
        current = session;
        sendMessage(new V2.Started(session.id, model, start.sampleRate(), info.get().sampleRate(), session.token));
        load(session, permit, null);
        return false;
    }

    private StreamAdmission admission() {
        return sessions.admission();
    }

    /** The model's streams are all in use: say so at once, with when to try again; nothing is queued. */
    private void busy(String model) {
        sendMessage(new V2.Error(V2.BUSY, admission().busyMessage(model), false, StreamAdmission.RETRY_AFTER_MS));
    }

    private boolean resume(V2.Resume r) throws ProtocolException {
        // until a session takes them, this resume's warm-up frames are dropped without an error each
        refusedWarmUpUpTo = r.warmUpFrames() > 0 ? r.ackedSeq() : -1;
        if (current != null) {
            error("session_active", "session " + current.id + " is active on this connection");
            return true;
        }
        if (r.session() == null || !SESSION_ID.matcher(r.session()).matches()) {
            throw new ProtocolException("bad_field", "\"session\" must be 1-64 letters, digits, '-' or '_'");
        }
        if (r.token() == null || !SESSION_ID.matcher(r.token()).matches()) {
            throw new ProtocolException("bad_field", "\"token\" must be the resume_token the session's started message gave");
        }
        if (r.ackedSeq() < -1 || r.ackedSeq() > V2.MAX_SEQ || !Double.isFinite(r.ackedTime()) || r.ackedTime() < 0) {
            throw new ProtocolException("bad_field", "acked_seq must be in -1.." + V2.MAX_SEQ + " and acked_time a time >= 0");
        }
        if (r.state() != null && !STATE.matcher(r.state()).matches()) {
            throw new ProtocolException("bad_field", "\"state\" must be a state a final or ack of this session gave: 1-"
                    + V2.MAX_STATE_CHARS + " letters, digits, '.', '-' or '_'");
        }
        if (r.warmUpFrames() < 0 || r.warmUpFrames() > V2.MAX_WARM_UP_FRAMES || r.warmUpFrames() > r.ackedSeq() + 1) {
            throw new ProtocolException("bad_field", "warm_up_frames must be in 0.." + V2.MAX_WARM_UP_FRAMES
                    + " and no more than the frames acknowledged (acked_seq + 1)");
        }
        var existing = sessions.get(r.session());
        if (existing.isPresent()) {
            V2Session session = existing.get();
            synchronized (session) {
                if (!session.ended) {
                    return resumeKept(session, r);
                }
            }
        }
        // The server lost it (restart, expiry): continue from what the client saw committed.
        validateAudioParameters(r.sampleRate(), r.format());
        String model = ModelCatalog.canonicalName(r.model());
        if (catalog.find(model).isEmpty()) {
            error("unknown_model", catalog.unknownModelMessage(model));
            return true;
        }
        StreamAdmission.Permit permit = admission().tryAcquire(model);
        if (permit == null) {
            busy(model);
            return true;
        }
        V2Session session = new V2Session(r.session(), r.token(), model, r.sampleRate(), r.format(), r.ackedSeq(), r.ackedTime());
        session.owner = this;
        session.adaptiveState = r.state();
        sessions.put(session);
        current = session;
        if (r.warmUpFrames() > 0) {
            // the decoder is created once the committed frames the client sends again are in (feed collects them)
            session.warmUpAwaited = r.warmUpFrames();
            session.warmUpPermit = permit;
            session.stateBeforeWarmUp = true;
            return true;
        }
        // said once the decoder took the client's state: a state the engine refuses gets bad_state instead
        load(session, permit, new V2.Resumed(session.id, r.ackedSeq() + 1, false));
        return false;
    }

    /**
     * One of the warm-up frames a restarted server's resume announced: kept until all are in, then the decoder is
     * created from the client's state and warmed on them. Called with the session's monitor held. A frame outside the
     * announced range, or more audio than {@link V2#MAX_WARM_UP_SECONDS}, ends the warm-up with what came (the client
     * sends nothing else before {@code resumed}).
     *
     * @return true when it started loading the decoder (reading resumes once it is ready)
     */
    private boolean warmUpFrame(V2Session session, long seq, ByteBuffer payload) {
        long first = session.ackedSeq - session.warmUpAwaited + 1 + session.warmUpPcm.size();
        PcmFormat format = PcmFormat.parse(session.format);
        long budget = (long) V2.MAX_WARM_UP_SECONDS * session.sampleRate * format.bytesPerSample();
        boolean expected = seq == first && session.warmUpBytes + payload.remaining() <= budget;
        if (expected) {
            byte[] pcm = new byte[payload.remaining()];
            payload.get(pcm);
            session.warmUpPcm.add(pcm);
            session.warmUpBytes += pcm.length;
        } else {
            error(V2.BAD_WARM_UP, "frame " + seq + " is not warm-up frame " + first + " (or the warm-up exceeds "
                    + V2.MAX_WARM_UP_SECONDS + " s); the decoder starts with the warm-up received so far; frame dropped");
        }
        if (!expected || seq == session.ackedSeq) {
            StreamAdmission.Permit permit = session.warmUpPermit;
            session.warmUpPermit = null;
            session.warmUpAwaited = 0;
            load(session, permit, new V2.Resumed(session.id, session.ackedSeq + 1, false));
            return true;
        }
        return false;
    }

    /** Resumes a session this server still holds; called with its monitor held. */
    private boolean resumeKept(V2Session session, V2.Resume r) {
        if (!session.tokenMatches(r.token())) {
            error(V2.BAD_TOKEN, "the token does not match session " + session.id + "'s resume token");
            return true;
        }
        if (session.owner != null) {
            // never taken over: the connection streaming it may be fine; once it is gone, resuming works
            sendMessage(new V2.Error(V2.SESSION_LIVE, "session " + session.id + " is streaming on another connection;"
                    + " resume after that one closed", false, RETRY_LIVE_MS));
            return true;
        }
        StreamAdmission.Permit permit = admission().tryAcquire(session.model);
        if (permit == null) {
            busy(session.model);
            return true;
        }
        session.owner = this;
        current = session;
        sendMessage(new V2.Resumed(session.id, session.ackedSeq + 1, true));
        // finals the dropped connection may have swallowed
        for (V2.Final f : session.recentFinals) {
            if (f.ackSeq() > r.ackedSeq()) {
                sendMessage(f);
            }
        }
        session.recentFinals.clear();
        load(session, permit, null);
        return false;
    }

    /**
     * Loads the model and opens the session's decoder (warmed on its committed audio after a drop, or started from the
     * adaptive state a client brought to a restarted server) off the network thread, under {@code permit}; reading
     * stays paused until it is ready.
     *
     * @param resumed sent just before {@code ready} once the decoder is open (a resume of a session this server had
     *                lost), or null
     */
    private void load(V2Session session, StreamAdmission.Permit permit, V2.Resumed resumed) {
        catalog.load(session.model).whenCompleteAsync((model, failure) -> {
            boolean used = false;
            try {
                synchronized (session) {
                    if (session.ended || session.owner != this) {
                        return;
                    }
                    if (failure != null) {
                        endSession(session);
                        error(kindOf(failure) == EngineException.Kind.UNKNOWN_MODEL ? "unknown_model" : "engine_unavailable", describe(failure));
                        return;
                    }
                    if (!session.warmUpPcm.isEmpty()) {
                        session.warmUp = RecognitionSession.atModelRate(session.warmUpPcm, PcmFormat.parse(session.format),
                                session.sampleRate, model.info().sampleRate());
                        session.dropWarmUpFrames();
                    }
                    session.recognition = new RecognitionSession(session.model, model, session.sampleRate,
                            PcmFormat.parse(session.format), session.ackedTime, permit, session.warmUp,
                            session.warmUp.length == 0 || session.stateBeforeWarmUp ? session.adaptiveState : null);
                    used = true;
                    session.warmUp = new float[0];
                    session.stateBeforeWarmUp = false;
                    session.lagOriginAudio = -1;
                }
                if (resumed != null) {
                    sendMessage(resumed);
                }
                sendMessage(new V2.Ready(session.id));
            } catch (EngineException e) {
                endSession(session);
                if (e.kind() == EngineException.Kind.BAD_STATE) {
                    error(V2.BAD_STATE, e.getMessage() + "; resume without \"state\" (or start a new session)");
                } else {
                    error("engine_unavailable", describe(e));
                }
            } catch (RuntimeException e) {
                endSession(session);
                error("engine_unavailable", describe(e));
            } finally {
                if (!used) {
                    permit.close();
                }
                demand();
            }
        }, catalog.executor());
    }

    private boolean stop() {
        V2Session session = current;
        if (session == null) {
            error("no_session", "no session to stop");
            return true;
        }
        synchronized (session) {
            if (session.recognition != null) {
                try {
                    sendHypotheses(session, session.recognition.finish(), session.lastSeq);
                } catch (EngineException | RuntimeException e) {
                    error("engine_failure", describe(e));
                }
            }
        }
        // free the decoder and its stream permit before saying stopped: a client that starts again at once is admitted
        endSession(session);
        sendMessage(new V2.Stopped(session.id, session.lastSeq));
        return true;
    }

    @Override
    public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
        boolean resume = true;
        try {
            resume = feed(payload);
        } catch (ProtocolException e) {
            error(e.code(), e.getMessage() + "; frame dropped");
        } finally {
            callback.succeed();
            if (resume) {
                demand();
            }
        }
    }

    /** Recognizes one frame; false when it started loading a decoder, whose completion resumes reading instead. */
    private boolean feed(ByteBuffer payload) throws ProtocolException {
        V2Session session = current;
        if (!helloDone) {
            fatal(V2.CLOSE_PROTOCOL_VERSION, "hello_required", "the first message must be a hello");
            return true;
        }
        if (session == null) {
            if (V2.readSequence(payload.duplicate()) <= refusedWarmUpUpTo) {
                return true; // the warm-up of a resume that was refused: expected, not worth an error each
            }
            error("no_session", "audio before start: send start or resume first; frame dropped");
            return true;
        }
        if (payload.remaining() > maxFrameBytes + V2.FRAME_HEADER_BYTES) {
            error("frame_too_big", "audio frame of " + payload.remaining() + " bytes exceeds " + maxFrameBytes + "; frame dropped");
            return true;
        }
        long seq = V2.readSequence(payload);
        synchronized (session) {
            if (session.owner == this && session.warmUpAwaited > 0 && session.recognition == null) {
                return !warmUpFrame(session, seq, payload);
            }
            if (session.owner == this && seq <= session.lastSeq) {
                return true; // a resend of a frame already processed (or a warm-up frame for a kept session): idempotent
            }
            if (session.owner != this || session.recognition == null) {
                error("no_session", "session " + session.id + " is not streaming on this connection; frame dropped");
                return true;
            }
            if (session.lagOriginAudio < 0) {
                session.lagOriginNanos = System.nanoTime();
                session.lagOriginAudio = session.recognition.audioTime();
            }
            if (seq <= session.lastSeq) {
                return true; // a resend of a frame already processed: resends are idempotent
            }
            if (seq > session.lastSeq + 1) {
                error("sequence_gap", "frames " + (session.lastSeq + 1) + ".." + (seq - 1) + " never arrived; continuing");
            }
            try {
                List<Hypothesis> out = session.recognition.feed(payload);
                session.lastSeq = seq;
                sendHypotheses(session, out, seq);
                if (session.recognition == null) {
                    return true; // ended while sending
                }
                if (!session.recognition.utteranceOpen()
                        && session.recognition.audioTime() - session.ackedTime >= ACK_INTERVAL) {
                    session.ackedSeq = seq;
                    session.ackedTime = session.recognition.audioTime();
                    // as of the last utterance end, also one that recognized nothing (no final was sent for it)
                    session.adaptiveState = session.recognition.adaptiveState().orElse(session.adaptiveState);
                    sendMessage(new V2.Ack(session.id, seq, session.ackedTime, session.lagMillis(session.ackedTime),
                            session.adaptiveState));
                }
            } catch (BadAudioException e) {
                session.lastSeq = seq; // the frame is consumed (rejected), so resending it is pointless
                error("bad_audio", e.getMessage() + "; frame dropped");
            } catch (EngineException | RuntimeException e) {
                LOG.log(Level.WARNING, "engine failure, ending session " + session.id, e);
                error("engine_failure", "session ended: " + describe(e));
                sendMessage(new V2.Stopped(session.id, session.ackedSeq));
                endSession(session);
            }
        }
        return true;
    }

    private void sendHypotheses(V2Session session, List<Hypothesis> hypotheses, long seq) {
        for (Hypothesis h : hypotheses) {
            if (h.isFinal()) {
                if (!h.text().isEmpty()) {
                    List<V2.WordTime> words = h.words().stream()
                            .map(w -> new V2.WordTime(w.text(), round3(w.start()), round3(w.end()),
                                    Double.isNaN(w.confidence()) ? null : round3(w.confidence())))
                            .toList();
                    double ackTime = session.recognition == null ? session.ackedTime : session.recognition.audioTime();
                    if (session.recognition != null) {
                        session.adaptiveState = session.recognition.adaptiveState().orElse(session.adaptiveState);
                    }
                    V2.Final f = new V2.Final(session.id, session.segment, h.text(), round3(h.start()), round3(h.end()), words,
                            seq, round3(ackTime), session.adaptiveState);
                    session.recentFinals.addLast(f);
                    if (session.recentFinals.size() > V2Session.MAX_RECENT_FINALS) {
                        session.recentFinals.removeFirst();
                    }
                    sendMessage(f);
                }
                session.segment++;
                session.ackedSeq = seq;
                session.ackedTime = session.recognition == null ? session.ackedTime : session.recognition.audioTime();
            } else if (!h.text().isEmpty()) {
                sendMessage(new V2.Partial(session.id, session.segment, h.text(), round3(h.start()), round3(h.end())));
            }
        }
    }

    private static double round3(double v) {
        return Math.round(v * 1000.0) / 1000.0;
    }

    private void endSession(V2Session session) {
        if (current == session) {
            current = null;
        }
        sessions.remove(session);
    }

    @Override
    public void onWebSocketClose(int statusCode, String reason) {
        ScheduledFuture<?> t = helloTimeout;
        if (t != null) {
            t.cancel(false);
        }
        V2Session session = current;
        current = null;
        if (session != null) {
            // not here: Jetty may report the close from inside a send, on a thread that holds the session's monitor
            // in the middle of a frame; the timer detaches it once that frame is done
            sessions.schedule(() -> sessions.detach(session, this), java.time.Duration.ZERO);
        }
    }

    @Override
    public void onWebSocketError(Throwable cause) {
        LOG.log(Level.FINE, "v2 socket error", cause);
    }
}
