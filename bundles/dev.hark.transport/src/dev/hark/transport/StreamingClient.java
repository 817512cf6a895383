package dev.hark.transport;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.websocket.api.exceptions.UpgradeException;
import org.eclipse.jetty.websocket.client.ClientUpgradeRequest;
import org.eclipse.jetty.websocket.client.WebSocketClient;

import dev.hark.core.Bus;
import dev.hark.core.ConnectionState;
import dev.hark.core.HarkTopics;
import dev.hark.core.StreamMetrics;
import dev.hark.core.StreamStateChanged;
import dev.hark.core.audio.AudioPipe;
import dev.hark.core.audio.PcmDecoder;
import dev.hark.protocol.V2;
import dev.hark.core.transcript.Segment;
import dev.hark.core.transcript.TranscriptDocument;
import dev.hark.transport.internal.LinkEvents;
import dev.hark.transport.internal.ProtocolLink;
import dev.hark.transport.internal.V1Link;
import dev.hark.transport.internal.V2Link;

/**
 * A streaming transcription session that owns its WebSocket connection for its whole life: it reads
 * audio from an {@link AudioPipe}, sends it, and keeps the {@link TranscriptDocument} up to date,
 * publishing states, partials, finals and metrics on the {@link Bus}. Views never touch it beyond
 * commands; the connection never notices them.
 *
 * <p>A dropped connection is retried with exponential backoff and jitter. Under v2 the session is
 * resumed and unacknowledged frames are resent from a ring buffer, so the transcript has no gap; under
 * v1 a new session starts and the lost stretch is marked as a gap in the transcript.
 *
 * <p>Threads, all owned and stopped by {@link #close()}: "hark-transport-sender" (one per session: reads
 * the pipe, sends frames), "hark-transport-timer" (connects, reconnects, pings, publishes metrics),
 * and Jetty's "hark-ws-client" pool.
 */
public final class StreamingClient implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(StreamingClient.class.getName());
    /** Frames kept for resending are dropped beyond this much audio (a v2 server acks every second). */
    static final double MAX_RING_SECONDS = 120;
    static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /** Largest PCM payload per frame; longer chunks are split. */
    static final int MAX_FRAME_BYTES = 64 * 1024;

    /** {@code capturedAt}: the {@link AudioPipe.Chunk#capturedAt()} of the chunk the frame was cut from. */
    private record Frame(long seq, byte[] pcm, double endTime, long capturedAt) {
    }

    private final ClientSettings settings;
    private final Bus bus;
    private final TranscriptDocument transcript = new TranscriptDocument();
    private final WebSocketClient webSockets;
    private final ScheduledExecutorService timer;
    private final Object lock = new Object();
    private final AtomicLong framesSent = new AtomicLong();
    /** Optional measurement hook (benchmarks); null costs one volatile read per frame. */
    private volatile LongConsumer sendLatencyListener;

    // ---- guarded by lock ----
    private ConnectionState state = ConnectionState.IDLE;
    private ProtocolLink link;
    private boolean ready;
    private String sessionId;
    private int protocolVersion;
    private AudioPipe pipe;
    private int sampleRate;
    private Thread sender;
    private CompletableFuture<TranscriptDocument> finished = CompletableFuture.completedFuture(transcript);
    private final ArrayDeque<Frame> ring = new ArrayDeque<>();
    /** When each stretch of audio (by end time) was sent, to time results against it. */
    private final java.util.TreeMap<Double, Long> sendTimes = new java.util.TreeMap<>();
    private long nextSeq;
    private long sendCursor;
    private long ackedSeq = -1;
    private double ackedTime;
    private double audioTime;
    private double v1TimeOffset;
    private double lastCommittedEnd;
    private boolean stopSent;
    private boolean stoppedByServer;
    private int reconnects;
    private int attempt;
    private long downSince;
    private long rttMillis = -1;
    private long firstPartialMillis = -1;
    private long finalMillis = -1;
    private boolean utteranceOpen;
    private ScheduledFuture<?> metricsTask;
    private ScheduledFuture<?> pingTask;
    private String lastError = "";

    public StreamingClient(ClientSettings settings, Bus bus) throws Exception {
        this.settings = settings;
        this.bus = bus;
        QueuedThreadPool pool = new QueuedThreadPool(16, 2);
        pool.setName("hark-ws-client");
        pool.setDaemon(true);
        HttpClient http = new HttpClient();
        http.setExecutor(pool);
        http.setConnectTimeout(CONNECT_TIMEOUT.toMillis());
        webSockets = new WebSocketClient(http);
        webSockets.setIdleTimeout(Duration.ofSeconds(60));
        webSockets.setMaxTextMessageSize(1 << 20);
        webSockets.setStopTimeout(2_000);
        webSockets.start();
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
            ring.clear();
            sendTimes.clear();
            nextSeq = 0;
            sendCursor = 0;
            ackedSeq = -1;
            ackedTime = 0;
            audioTime = 0;
            v1TimeOffset = 0;
            lastCommittedEnd = 0;
            stopSent = false;
            stoppedByServer = false;
            reconnects = 0;
            attempt = 0;
            sessionId = null;
            ready = false;
            framesSent.set(0);
            firstPartialMillis = -1;
            finalMillis = -1;
            lastError = "";
            finished = new CompletableFuture<>();
            setState(ConnectionState.CONNECTING, "");
            sender = new Thread(this::sendLoop, "hark-transport-sender");
            sender.setDaemon(true);
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

    private URI endpoint(int version) {
        URI s = settings.server();
        String scheme = switch (s.getScheme()) {
            case "https", "wss" -> "wss";
            default -> "ws";
        };
        String path = s.getPath() == null ? "" : s.getPath();
        if (path.endsWith("/ws") || path.endsWith(V2.PATH)) {
            path = path.substring(0, path.lastIndexOf(path.endsWith("/ws") ? "/ws" : V2.PATH));
        }
        return URI.create(scheme + "://" + s.getRawAuthority() + path + (version == 2 ? V2.PATH : "/ws"));
    }

    /** The versions to try, best first. An explicit path in the server address decides by itself. */
    private int[] versionsToTry() {
        String path = settings.server().getPath() == null ? "" : settings.server().getPath();
        if (path.endsWith("/ws") || settings.protocol() == ClientSettings.Protocol.V1) {
            return new int[] { 1 };
        }
        if (path.endsWith(V2.PATH) || settings.protocol() == ClientSettings.Protocol.V2) {
            return new int[] { 2 };
        }
        return protocolVersion != 0 ? new int[] { protocolVersion } : new int[] { 2, 1 };
    }

    /** Runs on the timer thread: one connection attempt (trying v2 then v1 under AUTO). */
    private void connect() {
        synchronized (lock) {
            if (!state.isActive() || link != null) {
                return;
            }
        }
        Exception failure = null;
        for (int version : versionsToTry()) {
            URI uri = endpoint(version);
            Events events = new Events();
            ProtocolLink candidate = version == 2 ? new V2Link(events, "hark/0.1.0") : new V1Link(events);
            events.link = candidate;
            ClientUpgradeRequest request = new ClientUpgradeRequest(uri);
            if (settings.token() != null) {
                request.setHeader("Authorization", "Bearer " + settings.token());
            }
            try {
                webSockets.connect(candidate, uri, request).get(CONNECT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                connected(candidate, version);
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                failure = e;
                Throwable cause = e.getCause();
                if (cause instanceof UpgradeException up && up.getResponseStatusCode() == 401) {
                    fail("the server refused the token (HTTP 401)");
                    return;
                }
                boolean notThere = cause instanceof UpgradeException up && up.getResponseStatusCode() == 404;
                if (!notThere) {
                    break; // unreachable: trying another path will not help
                }
            }
        }
        connectFailed(failure);
    }

    private void connected(ProtocolLink candidate, int version) {
        synchronized (lock) {
            if (!state.isActive()) {
                candidate.close();
                return;
            }
            link = candidate;
            protocolVersion = version;
            attempt = 0;
            boolean resuming = version == 2 && sessionId != null;
            if (resuming) {
                candidate.resume(sessionId, settings.model(), sampleRate, settings.wireFormat(), ackedSeq, ackedTime);
            } else {
                if (version == 1 && reconnects > 0) {
                    markV1Gap();
                }
                candidate.begin(settings.model(), sampleRate, settings.wireFormat());
            }
            setState(ConnectionState.CONNECTING, (resuming ? "resuming session" : "starting session") + " over protocol v" + version);
        }
    }

    /** v1 cannot resume: what was sent since the last final, and everything until now, is lost. */
    private void markV1Gap() {
        double from = lastCommittedEnd;
        double to = audioTime;
        Segment gap = transcript.gap("connection lost; v1 cannot resume", from, to);
        bus.post(HarkTopics.STREAM_FINAL, gap);
        lastCommittedEnd = to;
        v1TimeOffset = audioTime;
        // frames not yet sent belong to the gap too: continue with fresh audio
        ring.clear();
        sendCursor = nextSeq;
    }

    private void connectFailed(Exception failure) {
        synchronized (lock) {
            if (!state.isActive()) {
                return;
            }
            String why = describe(failure);
            if (!settings.reconnect().enabled() || (downSince != 0
                    && System.nanoTime() - downSince > settings.reconnect().giveUpAfter().toNanos())) {
                failLocked("cannot reach " + settings.server() + ": " + why);
                return;
            }
            if (downSince == 0) {
                downSince = System.nanoTime();
            }
            Duration wait = settings.reconnect().delay(attempt++);
            setState(state == ConnectionState.CONNECTING && reconnects == 0 ? ConnectionState.CONNECTING : ConnectionState.RECONNECTING,
                    why + "; retrying in " + wait.toMillis() + " ms");
            timer.schedule(this::connect, wait.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private static String describe(Throwable t) {
        if (t == null) {
            return "unknown error";
        }
        Throwable c = t;
        while (c.getCause() != null && (c instanceof java.util.concurrent.ExecutionException
                || c instanceof java.util.concurrent.CompletionException)) {
            c = c.getCause();
        }
        if (c instanceof UpgradeException up && up.getResponseStatusCode() > 0) {
            return "HTTP " + up.getResponseStatusCode() + " from " + up.getRequestURI();
        }
        if (c instanceof java.util.concurrent.TimeoutException) {
            return "no answer within " + CONNECT_TIMEOUT.toSeconds() + " s";
        }
        String m = c.getMessage();
        return c.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    }

    // ---------------------------------------------------------------- sending

    private void sendLoop() {
        try {
            while (true) {
                Frame frame;
                ProtocolLink target;
                synchronized (lock) {
                    while (state.isActive() && !(ready && link != null)) {
                        lock.wait(200);
                    }
                    if (!state.isActive()) {
                        return;
                    }
                    target = link;
                    frame = sendCursor < nextSeq ? frameAt(sendCursor) : null;
                }
                if (frame != null) {
                    try {
                        target.sendAudio(frame.seq(), frame.pcm());
                        LongConsumer latency = sendLatencyListener;
                        if (latency != null) {
                            latency.accept(System.nanoTime() - frame.capturedAt());
                        }
                        framesSent.incrementAndGet();
                        synchronized (lock) {
                            if (link == target && sendCursor == frame.seq()) {
                                sendCursor++;
                                if (protocolVersion == 1) {
                                    ring.pollFirst(); // v1 never resends
                                }
                                markSent(frame.endTime());
                            }
                        }
                    } catch (IOException e) {
                        // the connection is going away: its close callback starts the reconnect
                        target.abort();
                        synchronized (lock) {
                            lock.wait(50);
                        }
                    }
                    continue;
                }
                AudioPipe.Chunk chunk = pipe.poll(50, TimeUnit.MILLISECONDS);
                if (chunk != null) {
                    enqueue(chunk);
                } else if (pipe.isFinished()) {
                    synchronized (lock) {
                        if (sendCursor >= nextSeq && !stopSent && ready && link != null) {
                            stopSent = true;
                            setState(ConnectionState.STOPPING, "waiting for the last result");
                            link.stop();
                            timer.schedule(this::stopTimedOut, STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                        }
                        if (stopSent) {
                            lock.wait(200);
                        }
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "sender failed", e);
            fail("internal error: " + e);
        }
    }

    private Frame frameAt(long seq) {
        for (Frame f : ring) {
            if (f.seq() == seq) {
                return f;
            }
        }
        // pruned (only happens when the ring overflowed): skip ahead
        sendCursor = ring.isEmpty() ? nextSeq : ring.peekFirst().seq();
        return ring.isEmpty() ? null : ring.peekFirst();
    }

    private void enqueue(AudioPipe.Chunk chunk) {
        if (chunk.sampleRate() != sampleRate) {
            fail("audio changed rate from " + sampleRate + " to " + chunk.sampleRate() + " Hz mid-session");
            return;
        }
        int perFrame = MAX_FRAME_BYTES / settings.wireFormat().bytesPerSample();
        float[] s = chunk.samples();
        for (int off = 0; off < s.length; off += perFrame) {
            int len = Math.min(perFrame, s.length - off);
            byte[] pcm = PcmDecoder.encode(s, off, len, settings.wireFormat());
            synchronized (lock) {
                audioTime += (double) len / sampleRate;
                ring.addLast(new Frame(nextSeq++, pcm, audioTime, chunk.capturedAt()));
                while (!ring.isEmpty() && audioTime - ring.peekFirst().endTime() > MAX_RING_SECONDS
                        && ring.peekFirst().seq() < sendCursor) {
                    ring.pollFirst(); // sent long ago and never acknowledged: cannot keep it forever
                }
            }
        }
    }

    private void stopTimedOut() {
        synchronized (lock) {
            if (stopSent && state == ConnectionState.STOPPING) {
                failLocked("the server did not confirm the end within " + STOP_TIMEOUT.toSeconds() + " s");
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
                downSince = 0;
                // A stop sent on a dropped connection is said again, but only after the frames still to
                // resend: the server reads in order, and a stop ahead of them would end the session early.
                stopSent = false;
                setState(ConnectionState.STREAMING,
                        "protocol v" + protocolVersion + (sessionId == null ? "" : ", session " + sessionId));
                lock.notifyAll();
            }
        }

        @Override
        public void resumed(long next, boolean restored) {
            synchronized (lock) {
                if (!current()) {
                    return;
                }
                // the server tells what it still needs; frames before that it has (restored) or committed
                long first = ring.isEmpty() ? nextSeq : ring.peekFirst().seq();
                if (next < first) {
                    Segment gap = transcript.gap("audio the server lost could not be resent", ackedTime, audioTime);
                    bus.post(HarkTopics.STREAM_FINAL, gap);
                    next = first;
                }
                sendCursor = Math.min(next, nextSeq);
                while (!ring.isEmpty() && ring.peekFirst().seq() < sendCursor) {
                    ring.pollFirst();
                }
            }
        }

        @Override
        public void partial(String text, double start, double end) {
            Segment s;
            synchronized (lock) {
                if (!current()) {
                    return;
                }
                double offset = protocolVersion == 1 ? v1TimeOffset : 0;
                if (!utteranceOpen) {
                    utteranceOpen = true;
                    firstPartialMillis = millisSinceSent(start + offset);
                }
                s = transcript.partial(text, start + offset, end + offset);
            }
            if (s != null) {
                bus.post(HarkTopics.STREAM_PARTIAL, s);
            }
        }

        @Override
        public void finalResult(String text, double start, double end, List<Segment.Word> words, long seq, double time) {
            Segment s;
            synchronized (lock) {
                if (!current()) {
                    return;
                }
                double offset = protocolVersion == 1 ? v1TimeOffset : 0;
                double st = Double.isNaN(start) ? lastCommittedEnd : start + offset;
                double en = Double.isNaN(end) ? audioTime : end + offset;
                List<Segment.Word> shifted = offset == 0 ? words : words.stream()
                        .map(w -> new Segment.Word(w.text(), w.start() + offset, w.end() + offset, w.confidence())).toList();
                s = transcript.commit(text, st, en, shifted);
                lastCommittedEnd = en;
                utteranceOpen = false;
                finalMillis = millisSinceSent(en);
                if (seq >= 0) {
                    acknowledge(seq, Double.isNaN(time) ? en : time);
                }
            }
            bus.post(HarkTopics.STREAM_FINAL, s);
        }

        @Override
        public void ack(long seq, double time) {
            synchronized (lock) {
                if (current()) {
                    acknowledge(seq, time);
                }
            }
        }

        @Override
        public void stopped() {
            synchronized (lock) {
                if (!current()) {
                    return;
                }
                stoppedByServer = true;
                if (!stopSent) {
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
        public void rtt(long millis) {
            synchronized (lock) {
                if (current()) {
                    rttMillis = millis;
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
                lock.notifyAll();
                if (!state.isActive()) {
                    return;
                }
                if (stoppedByServer) {
                    return;
                }
                if (stopSent && protocolVersion == 1) {
                    endLocked(); // v1 cannot resume: the session ends with what arrived
                    return;
                }
                if (!settings.reconnect().enabled()) {
                    failLocked("connection closed (" + code + (reason == null || reason.isEmpty() ? "" : " " + reason) + ")");
                    return;
                }
                reconnects++;
                downSince = System.nanoTime();
                Duration wait = settings.reconnect().delay(attempt++);
                setState(ConnectionState.RECONNECTING, "connection closed (" + code + "); retrying in " + wait.toMillis() + " ms");
                timer.schedule(StreamingClient.this::connect, wait.toMillis(), TimeUnit.MILLISECONDS);
            }
        }
    }

    private void acknowledge(long seq, double time) {
        if (seq > ackedSeq) {
            ackedSeq = seq;
            ackedTime = time;
        }
        while (!ring.isEmpty() && ring.peekFirst().seq() <= ackedSeq && ring.peekFirst().seq() < sendCursor) {
            ring.pollFirst();
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
        if (metricsTask != null) {
            metricsTask.cancel(false);
        }
        if (pingTask != null) {
            pingTask.cancel(false);
        }
        publishMetricsLocked();
        lock.notifyAll();
    }

    private void setState(ConnectionState s, String detail) {
        state = s;
        bus.post(HarkTopics.STREAM_STATE, new StreamStateChanged(s, settings.server().toString(), detail, reconnects, Instant.now()));
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
            publishMetricsLocked();
        }
    }

    private void publishMetricsLocked() {
        AudioPipe.Stats p = pipe == null ? new AudioPipe.Stats(0, 0, 0, 0, 0, 0) : pipe.stats();
        bus.post(HarkTopics.STREAM_METRICS, new StreamMetrics(rttMillis, reconnects, firstPartialMillis, finalMillis,
                framesSent.get(), protocolVersion == 2 ? ring.size() : 0, p.depth(), p.dropped(), protocolVersion));
    }

    /** The metrics now (the bus gets them once a second). */
    public StreamMetrics metrics() {
        synchronized (lock) {
            AudioPipe.Stats p = pipe == null ? new AudioPipe.Stats(0, 0, 0, 0, 0, 0) : pipe.stats();
            return new StreamMetrics(rttMillis, reconnects, firstPartialMillis, finalMillis, framesSent.get(),
                    protocolVersion == 2 ? ring.size() : 0, p.depth(), p.dropped(), protocolVersion);
        }
    }

    /** Stops the session if one runs, then the client's threads and Jetty. */
    @Override
    public void close() {
        Thread s;
        synchronized (lock) {
            if (state.isActive()) {
                failLocked("closed");
            }
            s = sender;
        }
        timer.shutdownNow();
        if (s != null) {
            s.interrupt();
            try {
                s.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try {
            webSockets.stop();
        } catch (Exception e) {
            LOG.log(Level.FINE, "stopping the WebSocket client", e);
        }
    }

    // ---------------------------------------------------------------- latency bookkeeping

    /** Records when the audio up to {@code time} left for the server. Caller holds the lock. */
    private void markSent(double time) {
        sendTimes.put(time, System.nanoTime());
        while (sendTimes.size() > 10_000) {
            sendTimes.pollFirstEntry();
        }
    }

    /** Milliseconds since the audio at {@code time} was sent, or -1 when unknown. Caller holds the lock. */
    private long millisSinceSent(double time) {
        if (Double.isNaN(time)) {
            return -1;
        }
        var e = sendTimes.ceilingEntry(time - 1e-6);
        if (e == null) {
            e = sendTimes.lastEntry();
        }
        return e == null ? -1 : (System.nanoTime() - e.getValue()) / 1_000_000;
    }
}
