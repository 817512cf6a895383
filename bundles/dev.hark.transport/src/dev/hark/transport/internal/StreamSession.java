package dev.hark.transport.internal;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;
import java.util.function.Supplier;

import dev.hark.core.Bus;
import dev.hark.core.ConnectionState;
import dev.hark.core.HarkTopics;
import dev.hark.core.StreamMetrics;
import dev.hark.core.UtteranceLatency;
import dev.hark.core.StreamStateChanged;
import dev.hark.core.audio.AudioPipe;
import dev.hark.core.transcript.Segment;
import dev.hark.core.transcript.TranscriptDocument;
import dev.hark.transport.ClientSettings;

/**
 * One streaming session, from {@link #start()} to its end: the state machine (connecting, streaming,
 * reconnecting, stopping; idle or failed at the end) driven by the link's events, the sender's requests
 * and the timer. The work is in the pieces it coordinates: {@link Connector} (endpoints, versions, the
 * shared client), {@link Sender} (the sending thread, framing), {@link ResendBuffer},
 * {@link ReconnectSchedule}, {@link SessionTimeline}, {@link LatencyTracker} and {@link TranscriptUpdater},
 * all guarded by this session's lock. A new session is a new object, so nothing of an old one leaks in:
 * events of a link that is no longer the session's are ignored.
 *
 * <p>A dropped connection is retried with backoff and jitter. Under v2 the session is resumed and
 * unacknowledged frames are resent, so the transcript has no gap; under v1 a new server session starts and
 * the lost stretch is marked as a gap.
 *
 * <p>Why ~520 lines: the pieces hold the logic and are unit-tested alone; what is left is the transitions
 * (link events × states), kept in one class so that every one is seen, and made, under the one lock.
 *
 * <p>Threads: its {@link Sender}'s "hark-transport-sender" (ended by the session's end, joined by
 * {@link #close()}); the timer is the owning client's.
 */
public final class StreamSession {

    /** Frames kept for resending are dropped beyond this much audio (a v2 server acks every second). */
    static final double MAX_RING_SECONDS = 120;
    /** Frames kept for resending at most (120 s of 20 ms frames fit). */
    static final int MAX_RING_FRAMES = 1 << 14;
    /**
     * Connections in a row that the server closed after opening but before accepting the session: a v1
     * server that cannot load the model does that without a word (asr-test), so the session gives up
     * ("model not available") instead of reconnecting forever.
     */
    static final int MAX_CLOSES_BEFORE_READY = 2;
    /** Largest PCM payload per frame; longer chunks are split. */
    static final int MAX_FRAME_BYTES = 64 * 1024;
    private static final String CLIENT_NAME = "hark/0.1.0";

    private final ClientSettings settings;
    private final Bus bus;
    private final TranscriptDocument transcript;
    private final ScheduledExecutorService timer;
    private final AudioPipe pipe;
    private final int sampleRate;
    private final Connector connector;
    private final Object lock = new Object();

    // ---- guarded by lock ----
    private final ResendBuffer buffer = new ResendBuffer(MAX_RING_FRAMES, MAX_RING_SECONDS);
    private final ReconnectSchedule reconnect;
    private final SessionTimeline timeline = new SessionTimeline();
    private final LatencyTracker latency = new LatencyTracker();
    private final TranscriptUpdater results;
    private final Sender sender;
    private final CompletableFuture<TranscriptDocument> finished = new CompletableFuture<>();
    private ConnectionState state = ConnectionState.IDLE;
    private ProtocolLink link;
    private boolean ready;
    private String sessionId;
    /** v2: the secret a resume of {@link #sessionId} presents (the server's started message gave it). */
    private String resumeToken;
    /** v2: the recognizer's adaptive states from finals and acks (opaque), and what a resume brings back. */
    private final ResumeState resumeState = new ResumeState();
    private int protocolVersion;
    private boolean stoppedByServer;
    /** The user asked to stop ({@link #stop()}): without an accepted session, the session ends at once. */
    private boolean stopRequested;
    /** A v1 link that had been accepted was lost: the next v1 session marks a gap. */
    private boolean v1GapPending;
    private String lastError = "";
    private ScheduledFuture<?> metricsTask;
    private ScheduledFuture<?> pingTask;
    /** Fails the session when the server neither confirms the stop said on the current link nor sends a result for a while. */
    private ScheduledFuture<?> stopTimeout;

    /**
     * @param transcript      the client's transcript, cleared by the caller
     * @param timer           the client's timer thread: connects, reconnects, pings, publishes metrics
     * @param knownVersion    the protocol version the client's last session spoke, or 0
     * @param latencyListener the client's send-latency hook, read once per frame
     */
    public StreamSession(ClientSettings settings, Bus bus, TranscriptDocument transcript, ScheduledExecutorService timer,
            AudioPipe pipe, int sampleRate, int knownVersion, Supplier<LongConsumer> latencyListener) {
        this.settings = settings;
        this.bus = bus;
        this.transcript = transcript;
        this.timer = timer;
        this.pipe = pipe;
        this.sampleRate = sampleRate;
        this.protocolVersion = knownVersion;
        this.connector = new Connector(settings);
        this.reconnect = new ReconnectSchedule(settings.reconnect());
        this.results = new TranscriptUpdater(transcript, timeline, latency, buffer);
        this.sender = new Sender(lock, new SenderHost(), pipe, sampleRate, new Framer(settings.wireFormat(), MAX_FRAME_BYTES),
                buffer, timeline, latency, latencyListener);
    }

    /** Starts connecting and sending; the future completes with the transcript once the server confirmed the end. */
    public CompletableFuture<TranscriptDocument> start() {
        synchronized (lock) {
            setState(ConnectionState.CONNECTING, "");
            sender.start();
            metricsTask = timer.scheduleAtFixedRate(this::publishMetrics, 1, 1, TimeUnit.SECONDS);
            long ping = settings.pingInterval().toMillis();
            pingTask = timer.scheduleAtFixedRate(this::ping, ping, ping, TimeUnit.MILLISECONDS);
            timer.execute(this::connect);
            return finished;
        }
    }

    /** No more audio is taken; what was captured is sent, then the server's last final is awaited. */
    public CompletableFuture<TranscriptDocument> stop() {
        pipe.close();
        synchronized (lock) {
            stopRequested = true;
            if (state.isActive() && !ready) {
                // connecting or reconnecting: nothing can be said to a server that has not accepted the
                // session, and waiting for one could take minutes; end with what arrived
                endLocked("stopped while " + (state == ConnectionState.RECONNECTING ? "reconnecting" : "connecting"));
            }
        }
        return finished;
    }

    public ConnectionState state() {
        synchronized (lock) {
            return state;
        }
    }

    /** The protocol version in use (before the first connection: the one the client's last session spoke, or 0). */
    public int protocolVersion() {
        synchronized (lock) {
            return protocolVersion;
        }
    }

    /** Drops the connection as a network failure would. */
    public void dropConnection() {
        ProtocolLink l;
        synchronized (lock) {
            l = link;
        }
        if (l != null) {
            l.abort();
        }
    }

    public StreamMetrics metrics() {
        synchronized (lock) {
            return metricsLocked();
        }
    }

    /** Fails the session if it still runs, and waits (up to 5 s) for its sender thread to end. */
    public void close() {
        synchronized (lock) {
            failLocked("closed");
        }
        sender.stop(5_000);
    }

    // ---------------------------------------------------------------- connecting

    /** Runs on the timer thread: one connection attempt (trying v2 then v1 under AUTO). */
    private void connect() {
        int known;
        synchronized (lock) {
            if (!state.isActive() || link != null) {
                return;
            }
            known = protocolVersion; // after the first session: the version the last one spoke
        }
        Connector.Result result = connector.connect(known, this::newLink);
        if (result == null) {
            return; // interrupted: the client is closing
        }
        if (result.link() != null) {
            connected(result.link(), result.version());
        } else if (result.refused() != null) {
            fail(result.refused());
        } else {
            connectFailed(result.failure());
        }
    }

    private ProtocolLink newLink(int version) {
        Events events = new Events();
        events.link = version == 2 ? new V2Link(events, CLIENT_NAME) : new V1Link(events);
        return events.link;
    }

    private void connected(ProtocolLink candidate, int version) {
        synchronized (lock) {
            if (!state.isActive()) {
                candidate.close();
                return;
            }
            link = candidate;
            protocolVersion = version;
            reconnect.connected();
            boolean resuming = version == 2 && sessionId != null && resumeToken != null;
            if (resuming) {
                ResumeState.Resume r = resumeState.forResume(buffer, (double) sampleRate * settings.wireFormat().bytesPerSample());
                candidate.resume(sessionId, resumeToken, settings.model(), sampleRate, settings.wireFormat(), buffer.ackedSeq(), buffer.ackedTime(),
                        r.state(), r.warmUp());
            } else {
                if (version == 1 && v1GapPending) {
                    v1GapPending = false;
                    bus.post(HarkTopics.STREAM_FINAL, results.v1Restarted());
                }
                candidate.begin(settings.model(), sampleRate, settings.wireFormat());
            }
            setState(ConnectionState.CONNECTING, (resuming ? "resuming session" : "starting session") + " over protocol v" + version);
        }
    }

    private void connectFailed(Exception failure) {
        synchronized (lock) {
            if (!state.isActive()) {
                return;
            }
            String why = Connector.describe(failure);
            Duration wait = reconnect.attemptFailed();
            if (wait == null) {
                failLocked("cannot reach " + settings.server() + ": " + why);
                return;
            }
            setState(state == ConnectionState.CONNECTING && reconnect.reconnects() == 0 ? ConnectionState.CONNECTING
                    : ConnectionState.RECONNECTING, why + "; retrying in " + wait.toMillis() + " ms");
            timer.schedule(this::connect, wait.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    // ---------------------------------------------------------------- sending

    /** The sender's view of one session: it asks for the stop and reports failures. */
    private final class SenderHost implements Sender.Host {
        @Override
        public void endOfAudio(ProtocolLink on) {
            setState(ConnectionState.STOPPING, "waiting for the last result");
            on.stop();
            armStopTimeout();
        }

        @Override
        public void failed(String why) {
            fail(why);
        }
    }

    /**
     * (Re)starts the wait for the server to confirm the end: it counts from the stop, and again from each
     * result after it, since a server still working through its backlog is not stuck.
     */
    private void armStopTimeout() {
        cancel(stopTimeout);
        stopTimeout = timer.schedule(this::stopTimedOut, settings.endWait().toMillis(), TimeUnit.MILLISECONDS);
    }

    /** A result arrived: while stopping, the server is still working, so the wait starts again. */
    private void progressLocked() {
        if (state == ConnectionState.STOPPING) {
            armStopTimeout();
        }
    }

    private void stopTimedOut() {
        synchronized (lock) {
            if (state == ConnectionState.STOPPING && sender.stopAsked()) {
                failLocked("the server did not confirm the end within " + settings.endWait().toMillis() / 1000.0
                        + " s of its last result");
            }
        }
    }

    // ---------------------------------------------------------------- events from the link

    /** Receives one link's events; ignores them once that link is no longer the session's. */
    private final class Events implements LinkEvents {
        ProtocolLink link;

        private boolean current() {
            return StreamSession.this.link == link;
        }

        /** Runs {@code action} under the lock if this link is still the session's. */
        private void ifCurrent(Runnable action) {
            synchronized (lock) {
                if (current()) {
                    action.run();
                }
            }
        }

        /** Runs {@code action} (a result) under the lock if this link is still the session's, then posts its segment. */
        private void publishIfCurrent(String topic, Supplier<Segment> action) {
            Segment s = null;
            synchronized (lock) {
                if (current()) {
                    s = action.get();
                    progressLocked();
                }
            }
            if (s != null) {
                bus.post(topic, s);
            }
        }

        @Override
        public void ready(String id) {
            synchronized (lock) {
                if (!current()) {
                    return;
                }
                if (id != null) {
                    sessionId = id;
                }
                ready = true;
                reconnect.established();
                setState(ConnectionState.STREAMING,
                        "protocol v" + protocolVersion + (sessionId == null ? "" : ", session " + sessionId));
                // A stop sent on a dropped connection is said again, but only after the frames still to
                // resend: the server reads in order, and a stop ahead of them would end the session early.
                sender.linkReady(link);
            }
        }

        @Override
        public void started(String id, String token) {
            ifCurrent(() -> {
                sessionId = id;
                resumeToken = token;
                resumeState.reset();
                buffer.retainFrom(resumeState.retainFrom());
            });
        }

        @Override
        public void busy(String message, long retryAfterMs) {
            bus.post(HarkTopics.STREAM_ERROR, "server: " + message);
            synchronized (lock) {
                if (!current()) {
                    return;
                }
                lastError = message;
                if (sessionId == null || resumeToken == null) {
                    failLocked(message); // a new session refused: say so at once, nothing waits in a queue
                    return;
                }
                // a resume refused for now: drop this link quietly and try again when the server said
                ProtocolLink l = link;
                StreamSession.this.link = null;
                ready = false;
                sender.linkLost();
                l.close();
                setState(ConnectionState.RECONNECTING, message + "; retrying in " + retryAfterMs + " ms");
                timer.schedule(StreamSession.this::connect, retryAfterMs, TimeUnit.MILLISECONDS);
            }
        }

        @Override
        public void resumed(long next, boolean restored) {
            // the server tells what it still needs; frames before that it has (restored) or committed
            publishIfCurrent(HarkTopics.STREAM_FINAL, () -> results.resumed(next));
        }

        @Override
        public void partial(String text, double start, double end) {
            publishIfCurrent(HarkTopics.STREAM_PARTIAL, () -> results.partial(text, start, end));
        }

        @Override
        public void finalResult(String text, double start, double end, List<Segment.Word> words, long seq, double time) {
            Segment s = null;
            UtteranceLatency timing = null;
            synchronized (lock) {
                if (current()) {
                    s = results.finalResult(text, start, end, words, seq, time);
                    if (s != null) {
                        timing = new UtteranceLatency(s.id(), latency.utteranceFirstPartialMillis(), latency.finalMillis());
                    }
                    progressLocked();
                }
            }
            if (s != null) {
                bus.post(HarkTopics.STREAM_LATENCY, timing); // first: a view has the timing when the final arrives
                bus.post(HarkTopics.STREAM_FINAL, s);
            }
        }

        @Override
        public void adaptiveState(long seq, String state) {
            ifCurrent(() -> {
                resumeState.received(seq, state);
                buffer.retainFrom(resumeState.retainFrom());
            });
        }

        @Override
        public void stateRefused(String message) {
            bus.post(HarkTopics.STREAM_ERROR, "server: " + message);
            ifCurrent(() -> {
                // a server whose model changed since: resume again without the state (the decoder starts cold)
                resumeState.reset();
                buffer.retainFrom(Long.MAX_VALUE);
                if (sessionId != null && resumeToken != null && link != null) {
                    link.resume(sessionId, resumeToken, settings.model(), sampleRate, settings.wireFormat(), buffer.ackedSeq(),
                            buffer.ackedTime(), null, java.util.List.of());
                }
            });
        }

        @Override
        public void ack(long seq, double time) {
            ifCurrent(() -> {
                buffer.acknowledge(seq, time);
                progressLocked();
            });
        }

        @Override
        public void rtt(long millis) {
            ifCurrent(() -> latency.rtt(millis));
        }

        @Override
        public void stopped() {
            synchronized (lock) {
                if (!current()) {
                    return;
                }
                stoppedByServer = true;
                if (!sender.stopAsked()) {
                    // the server ended the session by itself (e.g. an engine failure): fail with its last error
                    failLocked("the server ended the session" + (lastError.isEmpty() ? "" : ": " + lastError));
                    return;
                }
                endLocked("session ended");
            }
        }

        @Override
        public void serverError(String message, boolean fatal) {
            bus.post(HarkTopics.STREAM_ERROR, "server: " + message);
            synchronized (lock) {
                if (!current()) {
                    return;
                }
                lastError = message;
                if (fatal || !ready) {
                    // no session was established (unknown model, bad parameters): retrying will not help
                    failLocked(message);
                }
            }
        }

        @Override
        public void warmUpRefused(String message) {
            bus.post(HarkTopics.STREAM_ERROR, "server: " + message);
        }

        @Override
        public void malformed(String what) {
            bus.post(HarkTopics.STREAM_ERROR, "the server sent a malformed message: " + what);
        }

        @Override
        public void closed(int code, String reason) {
            synchronized (lock) {
                if (!current()) {
                    return;
                }
                StreamSession.this.link = null;
                boolean wasReady = ready;
                ready = false;
                v1GapPending |= wasReady && protocolVersion == 1;
                sender.linkLost();
                cancel(stopTimeout); // a stop said on this link is said again on the next, and timed from then
                if (!state.isActive() || stoppedByServer) {
                    return;
                }
                if (sender.stopAsked() && protocolVersion == 1) {
                    endLocked("session ended"); // v1 cannot resume: the session ends with what arrived
                    return;
                }
                if (stopRequested) {
                    endLocked("stopped; the connection closed before the server confirmed the end");
                    return;
                }
                Duration wait = reconnect.connectionLost();
                // v1 only: a v2 server says why it refuses a session; a v2 connection closed early is a restart
                if (!wasReady && protocolVersion == 1 && reconnect.closesBeforeReady() >= MAX_CLOSES_BEFORE_READY) {
                    String model = settings.model() == null || settings.model().isBlank() ? "the server's default model"
                            : "model \"" + settings.model() + "\"";
                    failLocked("model not available: the server closed the connection " + reconnect.closesBeforeReady()
                            + " times before accepting the session (" + model + ")");
                    return;
                }
                if (wait == null) {
                    failLocked("connection closed (" + code + (reason == null || reason.isEmpty() ? "" : " " + reason) + ")");
                    return;
                }
                setState(ConnectionState.RECONNECTING, "connection closed (" + code + "); retrying in " + wait.toMillis() + " ms");
                timer.schedule(StreamSession.this::connect, wait.toMillis(), TimeUnit.MILLISECONDS);
            }
        }
    }

    // ---------------------------------------------------------------- ending

    private void fail(String why) {
        synchronized (lock) {
            failLocked(why);
        }
    }

    private void failLocked(String why) {
        if (!state.isActive()) {
            return;
        }
        setState(ConnectionState.FAILED, why);
        bus.post(HarkTopics.STREAM_ERROR, why);
        teardownLocked();
        finished.completeExceptionally(new IOException(why));
    }

    private void endLocked(String detail) {
        if (!state.isActive()) {
            return;
        }
        setState(ConnectionState.IDLE, detail);
        teardownLocked();
        finished.complete(transcript);
    }

    private void teardownLocked() {
        ProtocolLink l = link;
        link = null;
        ready = false;
        if (l != null) {
            l.close();
        }
        pipe.close();
        cancel(metricsTask);
        cancel(pingTask);
        cancel(stopTimeout);
        sender.end();
        bus.post(HarkTopics.STREAM_METRICS, metricsLocked());
    }

    private static void cancel(ScheduledFuture<?> task) {
        if (task != null) {
            task.cancel(false);
        }
    }

    private void setState(ConnectionState s, String detail) {
        state = s;
        bus.post(HarkTopics.STREAM_STATE, new StreamStateChanged(s, settings.server().toString(), detail, reconnect.reconnects(),
                Instant.now()));
    }

    private void ping() {
        ProtocolLink l;
        synchronized (lock) {
            l = ready ? link : null;
        }
        if (l != null) {
            l.ping();
        }
    }

    private void publishMetrics() {
        synchronized (lock) {
            bus.post(HarkTopics.STREAM_METRICS, metricsLocked());
        }
    }

    private StreamMetrics metricsLocked() {
        AudioPipe.Stats p = pipe.stats();
        return new StreamMetrics(latency.rttMillis(), reconnect.reconnects(), latency.firstPartialMillis(), latency.finalMillis(),
                sender.framesSent(), protocolVersion == 2 ? buffer.size() : 0, p.depth(), p.dropped(),
                protocolVersion);
    }
}
