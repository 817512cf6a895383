package dev.hark.transport;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;
import java.util.function.Supplier;

import dev.hark.core.Bus;
import dev.hark.core.ConnectionState;
import dev.hark.core.HarkTopics;
import dev.hark.core.StreamMetrics;
import dev.hark.core.StreamStateChanged;
import dev.hark.core.audio.AudioPipe;
import dev.hark.core.transcript.Segment;
import dev.hark.core.transcript.TranscriptDocument;
import dev.hark.transport.internal.Connector;
import dev.hark.transport.internal.Framer;
import dev.hark.transport.internal.LatencyTracker;
import dev.hark.transport.internal.LinkEvents;
import dev.hark.transport.internal.ProtocolLink;
import dev.hark.transport.internal.ReconnectSchedule;
import dev.hark.transport.internal.ResendBuffer;
import dev.hark.transport.internal.Sender;
import dev.hark.transport.internal.SessionTimeline;
import dev.hark.transport.internal.TranscriptUpdater;
import dev.hark.transport.internal.V1Link;
import dev.hark.transport.internal.V2Link;
import dev.hark.transport.internal.WebSocketClients;

/**
 * A streaming transcription session that owns its WebSocket connection for its whole life: it reads
 * audio from an {@link AudioPipe}, sends it, and keeps the {@link TranscriptDocument} up to date,
 * publishing states, partials, finals and metrics on the {@link Bus}. Views never touch it beyond
 * commands; the connection never notices them.
 *
 * <p>A dropped connection is retried with exponential backoff and jitter ({@link ReconnectSchedule}). Under
 * v2 the session is resumed and unacknowledged frames are resent from the {@link ResendBuffer}, so the
 * transcript has no gap; under v1 a new session starts and the lost stretch is marked as a gap in the
 * transcript ({@link SessionTimeline}).
 *
 * <p>This class coordinates; the pieces do the work and are unit-tested alone: {@link Connector} (endpoints,
 * versions, the shared {@link WebSocketClients} client), {@link Sender} (the sending thread, framing),
 * {@link ResendBuffer}, {@link ReconnectSchedule}, {@link SessionTimeline}, {@link LatencyTracker} and
 * {@link TranscriptUpdater}, all guarded by one lock. Why it is still ~550 lines: what is left is the
 * session's state machine (connecting, streaming, reconnecting, stopping × the link's events) and the
 * public API; the transitions stay in one class so that every one is seen, and made, under that one lock.
 *
 * <p>Threads, all owned and stopped by {@link #close()}: "hark-transport-sender" (one per session: reads
 * the pipe, sends frames) and "hark-transport-timer" (connects, reconnects, pings, publishes metrics).
 * Connections run on the shared "hark-ws-client" pool, owned by {@link WebSocketClients}.
 */
public final class StreamingClient implements AutoCloseable {

    /** Frames kept for resending are dropped beyond this much audio (a v2 server acks every second). */
    static final double MAX_RING_SECONDS = 120;
    /** Frames kept for resending at most (120 s of 20 ms frames fit). */
    static final int MAX_RING_FRAMES = 1 << 14;
    static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
    /** Largest PCM payload per frame; longer chunks are split. */
    static final int MAX_FRAME_BYTES = 64 * 1024;
    private static final String CLIENT_NAME = "hark/0.1.0";

    private final ClientSettings settings;
    private final Bus bus;
    private final TranscriptDocument transcript = new TranscriptDocument();
    private final Connector connector;
    private final Framer framer;
    private final ScheduledExecutorService timer;
    private final Object lock = new Object();
    /** Optional measurement hook (benchmarks); null costs one volatile read per frame. */
    private volatile LongConsumer sendLatencyListener;

    // ---- guarded by lock ----
    private final ResendBuffer buffer = new ResendBuffer(MAX_RING_FRAMES, MAX_RING_SECONDS);
    private final ReconnectSchedule reconnect;
    private final SessionTimeline timeline = new SessionTimeline();
    private final LatencyTracker latency = new LatencyTracker();
    private final TranscriptUpdater results = new TranscriptUpdater(transcript, timeline, latency, buffer);
    private ConnectionState state = ConnectionState.IDLE;
    private ProtocolLink link;
    private boolean ready;
    private String sessionId;
    private int protocolVersion;
    private AudioPipe pipe;
    private int sampleRate;
    private Sender sender;
    private CompletableFuture<TranscriptDocument> finished = CompletableFuture.completedFuture(transcript);
    private boolean stoppedByServer;
    private String lastError = "";
    private ScheduledFuture<?> metricsTask;
    private ScheduledFuture<?> pingTask;
    /** Fails the session when the server neither confirms the stop said on the current link nor sends a result for a while. */
    private ScheduledFuture<?> stopTimeout;

    public StreamingClient(ClientSettings settings, Bus bus) {
        this.settings = settings;
        this.bus = bus;
        this.connector = new Connector(settings);
        this.framer = new Framer(settings.wireFormat(), MAX_FRAME_BYTES);
        this.reconnect = new ReconnectSchedule(settings.reconnect());
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "hark-transport-timer");
            t.setDaemon(true);
            return t;
        });
    }

    public ClientSettings settings() {
        return settings;
    }

    /** The transcript of the current (or last) session; views take {@link TranscriptDocument#snapshot()}. */
    public TranscriptDocument transcript() {
        return transcript;
    }

    public ConnectionState state() {
        synchronized (lock) {
            return state;
        }
    }

    /** The protocol version in use, 0 before the first connection. */
    public int protocolVersion() {
        synchronized (lock) {
            return protocolVersion;
        }
    }

    /**
     * Starts a session that streams everything {@code audio} delivers at {@code rate} Hz until the pipe is
     * closed. Returns a future that completes with the transcript once the server confirmed the end (or
     * exceptionally when the session failed).
     */
    public CompletableFuture<TranscriptDocument> start(AudioPipe audio, int rate) {
        synchronized (lock) {
            if (state.isActive()) {
                throw new IllegalStateException("a session is already running (" + state + ")");
            }
            pipe = audio;
            sampleRate = rate;
            transcript.clear();
            bus.post(HarkTopics.STREAM_CLEARED, Boolean.TRUE);
            buffer.reset();
            timeline.reset();
            latency.reset();
            reconnect.reset();
            stoppedByServer = false;
            sessionId = null;
            ready = false;
            lastError = "";
            finished = new CompletableFuture<>();
            setState(ConnectionState.CONNECTING, "");
            sender = new Sender(lock, new SenderHost(), audio, rate, framer, buffer, timeline, latency, () -> sendLatencyListener);
            sender.start();
            metricsTask = timer.scheduleAtFixedRate(this::publishMetrics, 1, 1, TimeUnit.SECONDS);
            long ping = settings.pingInterval().toMillis();
            pingTask = timer.scheduleAtFixedRate(this::ping, ping, ping, TimeUnit.MILLISECONDS);
            timer.execute(this::connect);
            return finished;
        }
    }

    /** Ends the session: no more audio is taken; what was captured is sent, then the server's last final is awaited. */
    public CompletableFuture<TranscriptDocument> stop() {
        AudioPipe p;
        synchronized (lock) {
            p = pipe;
        }
        if (p != null) {
            p.close();
        }
        return finished;
    }

    /**
     * Measurement hook (bench/client-streaming): after each audio frame has been written to the connection
     * (Jetty's write callback completed and the sender thread resumed), {@code listener} receives the
     * nanoseconds from its chunk's {@link AudioPipe.Chunk#capturedAt()} to that moment, on the
     * "hark-transport-sender" thread; it must be quick and must not throw. Frames resent after a reconnect
     * are reported again. {@code null} (the default) removes it; unset, it costs one volatile read per frame.
     */
    public void setSendLatencyListener(LongConsumer listener) {
        sendLatencyListener = listener;
    }

    /** Drops the connection as a network failure would (for tests and "simulate drop" diagnostics). */
    public void dropConnection() {
        ProtocolLink l;
        synchronized (lock) {
            l = link;
        }
        if (l != null) {
            l.abort();
        }
    }

    // ---------------------------------------------------------------- connecting

    /** Runs on the timer thread: one connection attempt (trying v2 then v1 under AUTO). */
    private void connect() {
        int known;
        synchronized (lock) {
            if (!state.isActive() || link != null) {
                return;
            }
            known = protocolVersion;
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
            boolean resuming = version == 2 && sessionId != null;
            if (resuming) {
                candidate.resume(sessionId, settings.model(), sampleRate, settings.wireFormat(), buffer.ackedSeq(), buffer.ackedTime());
            } else {
                if (version == 1 && reconnect.reconnects() > 0) {
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
        stopTimeout = timer.schedule(this::stopTimedOut, STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
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
                failLocked("the server did not confirm the end within " + STOP_TIMEOUT.toSeconds() + " s of its last result");
            }
        }
    }

    // ---------------------------------------------------------------- events from the link

    /** Receives one link's events; ignores them once that link is no longer the session's. */
    private final class Events implements LinkEvents {
        ProtocolLink link;

        private boolean current() {
            return StreamingClient.this.link == link;
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
            publishIfCurrent(HarkTopics.STREAM_FINAL, () -> results.finalResult(text, start, end, words, seq, time));
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
                endLocked();
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
        public void malformed(String what) {
            bus.post(HarkTopics.STREAM_ERROR, "the server sent a malformed message: " + what);
        }

        @Override
        public void closed(int code, String reason) {
            synchronized (lock) {
                if (!current()) {
                    return;
                }
                StreamingClient.this.link = null;
                ready = false;
                sender.linkLost();
                cancel(stopTimeout); // a stop said on this link is said again on the next, and timed from then
                if (!state.isActive() || stoppedByServer) {
                    return;
                }
                if (sender.stopAsked() && protocolVersion == 1) {
                    endLocked(); // v1 cannot resume: the session ends with what arrived
                    return;
                }
                Duration wait = reconnect.connectionLost();
                if (wait == null) {
                    failLocked("connection closed (" + code + (reason == null || reason.isEmpty() ? "" : " " + reason) + ")");
                    return;
                }
                setState(ConnectionState.RECONNECTING, "connection closed (" + code + "); retrying in " + wait.toMillis() + " ms");
                timer.schedule(StreamingClient.this::connect, wait.toMillis(), TimeUnit.MILLISECONDS);
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

    private void endLocked() {
        setState(ConnectionState.IDLE, "session ended");
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
        if (pipe != null) {
            pipe.close();
        }
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
        bus.post(HarkTopics.STREAM_METRICS, metrics());
    }

    /** The metrics now (the bus gets them once a second). */
    public StreamMetrics metrics() {
        synchronized (lock) {
            return metricsLocked();
        }
    }

    private StreamMetrics metricsLocked() {
        AudioPipe.Stats p = pipe == null ? new AudioPipe.Stats(0, 0, 0, 0, 0, 0) : pipe.stats();
        return new StreamMetrics(latency.rttMillis(), reconnect.reconnects(), latency.firstPartialMillis(), latency.finalMillis(),
                sender == null ? 0 : sender.framesSent(), protocolVersion == 2 ? buffer.size() : 0, p.depth(), p.dropped(),
                protocolVersion);
    }

    /** Stops the session if one runs, then the client's threads (the shared WebSocket client stays). */
    @Override
    public void close() {
        Sender s;
        synchronized (lock) {
            if (state.isActive()) {
                failLocked("closed");
            }
            s = sender;
        }
        timer.shutdownNow();
        if (s != null) {
            s.stop(5_000);
        }
    }
}
