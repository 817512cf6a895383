package dev.hark.transport;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.LongConsumer;

import dev.hark.core.Bus;
import dev.hark.core.ConnectionState;
import dev.hark.core.HarkTopics;
import dev.hark.core.StreamMetrics;
import dev.hark.core.audio.AudioPipe;
import dev.hark.core.transcript.TranscriptDocument;
import dev.hark.transport.internal.StreamSession;
import dev.hark.transport.internal.WebSocketClients;

/**
 * Streaming transcription sessions, one at a time, each owning its WebSocket connection for its whole life:
 * a session reads audio from an {@link AudioPipe}, sends it, and keeps the {@link TranscriptDocument} up to
 * date, publishing states, partials, finals and metrics on the {@link Bus}. Views never touch it beyond
 * commands; the connection never notices them.
 *
 * <p>A dropped connection is retried with exponential backoff and jitter ({@link ReconnectPolicy}). Under
 * v2 the session is resumed and unacknowledged frames are resent, so the transcript has no gap; under v1 a
 * new session starts and the lost stretch is marked as a gap in the transcript.
 *
 * <p>This class is the public face: it keeps the transcript and the timer and hands each session to a
 * {@link StreamSession}, which coordinates the pieces (connector, sender, resend buffer, reconnect
 * schedule, timeline, latency).
 *
 * <p>Threads, all owned and stopped by {@link #close()}: "hark-transport-sender" (one per session: reads
 * the pipe, sends frames) and "hark-transport-timer" (connects, reconnects, pings, publishes metrics).
 * Connections run on the shared "hark-ws-client" pool, owned by {@link WebSocketClients} (stopped with the
 * bundle).
 */
public final class StreamingClient implements AutoCloseable {

    private final ClientSettings settings;
    private final Bus bus;
    private final TranscriptDocument transcript = new TranscriptDocument();
    private final ScheduledExecutorService timer;
    /** Optional measurement hook (benchmarks); null costs one volatile read per frame. */
    private volatile LongConsumer sendLatencyListener;
    /** The current or last session; guarded by this. */
    private StreamSession session;

    public StreamingClient(ClientSettings settings, Bus bus) {
        this.settings = settings;
        this.bus = bus;
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

    private synchronized StreamSession session() {
        return session;
    }

    public ConnectionState state() {
        StreamSession s = session();
        return s == null ? ConnectionState.IDLE : s.state();
    }

    /** The protocol version in use, 0 before the first connection. */
    public int protocolVersion() {
        StreamSession s = session();
        return s == null ? 0 : s.protocolVersion();
    }

    /**
     * Starts a session that streams everything {@code audio} delivers at {@code rate} Hz until the pipe is
     * closed. Returns a future that completes with the transcript once the server confirmed the end (or
     * exceptionally when the session failed).
     */
    public synchronized CompletableFuture<TranscriptDocument> start(AudioPipe audio, int rate) {
        ConnectionState now = state();
        if (now.isActive()) {
            throw new IllegalStateException("a session is already running (" + now + ")");
        }
        transcript.clear();
        bus.post(HarkTopics.STREAM_CLEARED, Boolean.TRUE);
        session = new StreamSession(settings, bus, transcript, timer, audio, rate, protocolVersion(), () -> sendLatencyListener);
        return session.start();
    }

    /** Ends the session: no more audio is taken; what was captured is sent, then the server's last final is awaited. */
    public CompletableFuture<TranscriptDocument> stop() {
        StreamSession s = session();
        return s == null ? CompletableFuture.completedFuture(transcript) : s.stop();
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
        StreamSession s = session();
        if (s != null) {
            s.dropConnection();
        }
    }

    /** The metrics now (the bus gets them once a second). */
    public StreamMetrics metrics() {
        StreamSession s = session();
        return s == null ? new StreamMetrics(-1, 0, -1, -1, 0, 0, 0, 0, 0) : s.metrics();
    }

    /** Stops the session if one runs, then the client's threads (the shared WebSocket client stays). */
    @Override
    public void close() {
        StreamSession s = session();
        if (s != null) {
            s.close();
        }
        timer.shutdownNow();
    }
}
