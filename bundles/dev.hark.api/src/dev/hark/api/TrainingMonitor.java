package dev.hark.api;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;

import dev.hark.protocol.ProtocolException;
import dev.hark.protocol.rest.ProgressReport;
import dev.hark.protocol.training.TrainingMessage;
import dev.hark.protocol.training.TrainingMessages;
import dev.hark.protocol.training.TrainingProgress;

/**
 * Follows the server's training: the {@code /api/events} Server-Sent Events stream when the server has
 * it (a Hark server), else (an asr-test server) the training broadcasts on its {@code /ws} socket
 * (progress in the run's global step numbering, validation results, logs, the run's status), with
 * {@code /api/progress} polled once a second for {@code latest_logs} and {@code latest_error}
 * ({@link ProgressReports}); when {@code /ws} cannot be opened, {@code /api/progress} alone. A finished run's
 * last values are kept: the zeroed report of an idle asr-test server is not passed on. Every event is handed
 * on as a {@link TrainingMessage} record. Uses the given {@link HarkApi}'s HTTP client; owns one thread,
 * "hark-training-monitor", stopped by {@link #close()} (the JDK's WebSocket delivers on the client's pool).
 */
public final class TrainingMonitor implements AutoCloseable {

    static final Duration POLL = Duration.ofSeconds(1);
    static final Duration RETRY = Duration.ofSeconds(2);

    private final HarkApi api;
    private final Consumer<TrainingMessage> sink;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile InputStream stream;
    private volatile String mode = "connecting";
    private final ProgressReports reports = new ProgressReports();
    private final ProgressReports.BroadcastFilter broadcasts = new ProgressReports.BroadcastFilter();
    private volatile java.net.http.WebSocket socket;
    /** Log lines handed on lately: asr-test's /ws log broadcasts come again in /api/progress's latest_logs. Guarded by itself. */
    private final java.util.Set<String> recentLogs = java.util.Collections.newSetFromMap(new java.util.LinkedHashMap<>() {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(java.util.Map.Entry<String, Boolean> eldest) {
            return size() > 256;
        }
    });

    public TrainingMonitor(HarkApi api, Consumer<TrainingMessage> sink) {
        this.api = api;
        this.sink = sink;
        this.thread = new Thread(this::run, "hark-training-monitor");
        thread.setDaemon(true);
        thread.start();
    }

    /** "events" (push), "broadcasts" (asr-test's /ws), "polling" or "connecting". */
    public String mode() {
        return mode;
    }

    private void run() {
        while (running) {
            try {
                if (!followEvents() && !followBroadcasts()) {
                    mode = "polling";
                    pollOnce(true);
                    Thread.sleep(POLL.toMillis());
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException | IOException | HarkApiException e) {
                mode = "connecting";
                try {
                    Thread.sleep(RETRY.toMillis());
                } catch (InterruptedException ie) {
                    return;
                }
            }
        }
    }

    /** Reads the SSE stream until it ends; false if the server has none (404). */
    private boolean followEvents() throws IOException, HarkApiException {
        Optional<InputStream> events = api.events();
        if (events.isEmpty()) {
            return false;
        }
        mode = "events";
        stream = events.get();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(events.get(), StandardCharsets.UTF_8))) {
            SseReader reader = new SseReader();
            for (String line; running && (line = in.readLine()) != null;) {
                reader.line(line).ifPresent(sink);
            }
        }
        return true;
    }

    /**
     * Listens to the v1 {@code /ws} broadcasts until the socket closes, polling {@code /api/progress} for logs
     * and errors meanwhile; false when the socket cannot be opened.
     */
    private boolean followBroadcasts() throws InterruptedException {
        java.util.concurrent.CompletableFuture<Void> closed = new java.util.concurrent.CompletableFuture<>();
        java.net.http.WebSocket ws;
        try {
            ws = api.openBroadcasts(new BroadcastListener(closed)).get(15, java.util.concurrent.TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            return false;
        }
        socket = ws;
        mode = "broadcasts";
        try {
            while (running && !closed.isDone()) {
                pollOnce(false);
                Thread.sleep(POLL.toMillis());
            }
        } finally {
            socket = null;
            ws.abort();
        }
        return true;
    }

    /** Receives the /ws text messages; session messages (a v1 server sends none unasked) and unknown ones are skipped. */
    private final class BroadcastListener implements java.net.http.WebSocket.Listener {
        private final java.util.concurrent.CompletableFuture<Void> closed;
        private final StringBuilder text = new StringBuilder();

        BroadcastListener(java.util.concurrent.CompletableFuture<Void> closed) {
            this.closed = closed;
        }

        @Override
        public java.util.concurrent.CompletionStage<?> onText(java.net.http.WebSocket webSocket, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                String message = text.toString();
                text.setLength(0);
                try {
                    if (dev.hark.protocol.V1.decodeServerMessage(message) instanceof TrainingMessage m && broadcasts.keep(m)) {
                        emit(m);
                    }
                } catch (ProtocolException | RuntimeException e) {
                    // not a broadcast this monitor understands: skipped
                }
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public java.util.concurrent.CompletionStage<?> onClose(java.net.http.WebSocket webSocket, int statusCode, String reason) {
            closed.complete(null);
            return null;
        }

        @Override
        public void onError(java.net.http.WebSocket webSocket, Throwable error) {
            closed.complete(null);
        }
    }

    /** What a new {@code /api/progress} report adds: progress ({@code withProgress}), new log lines, a new error. */
    private void pollOnce(boolean withProgress) {
        try {
            reports.next(api.progress(), withProgress).forEach(this::emit);
        } catch (HarkApiException e) {
            // a server without training (503) or unreachable: nothing to show, try again later
        }
    }

    /** Hands a message on, unless it is a log line the other channel already brought. */
    private void emit(TrainingMessage m) {
        if (m instanceof dev.hark.protocol.training.TrainingLog l) {
            synchronized (recentLogs) {
                if (!recentLogs.add(l.message())) {
                    return;
                }
            }
        }
        sink.accept(m);
    }

    /** The progress a {@code /api/progress} report stands for. */
    public static TrainingProgress progressOf(ProgressReport p) {
        return new TrainingProgress(p.currentEpoch(), p.totalEpochs(), p.currentStep(), p.totalSteps(), p.currentLoss(),
                p.currentLearningRate(), p.audioSecondsPerSecond(), p.stepTimeMs(), p.stepTimeP50Ms(), p.stepTimeP99Ms(),
                p.etaSeconds(), null);
    }

    /**
     * Turns the lines of an SSE stream into messages: {@code event: T} then {@code data: P}; comments,
     * unknown types and broken payloads are skipped (the next event carries the state again).
     */
    public static final class SseReader {
        private String type;

        public Optional<TrainingMessage> line(String line) {
            if (line.startsWith("event:")) {
                type = line.substring(6).strip();
            } else if (line.startsWith("data:") && type != null) {
                String t = type;
                type = null;
                if (TrainingMessages.known(t)) {
                    try {
                        return Optional.of(TrainingMessages.decode(t, line.substring(5).strip()));
                    } catch (ProtocolException e) {
                        return Optional.empty();
                    }
                }
            } else if (line.isEmpty()) {
                type = null;
            }
            return Optional.empty();
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        java.net.http.WebSocket ws = socket;
        if (ws != null) {
            ws.abort();
        }
        InputStream s = stream;
        if (s != null) {
            try {
                s.close();
            } catch (IOException e) {
                // closing to unblock the reader
            }
        }
        try {
            thread.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
