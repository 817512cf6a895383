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
 * it (a Hark server), else polling {@code /api/progress} once a second (an asr-test server). Every event
 * is handed on as a {@link TrainingMessage} record, decoded by {@link TrainingMessages}. Uses the given
 * {@link HarkApi}'s HTTP client; owns one thread, "hark-training-monitor", stopped by {@link #close()}.
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

    public TrainingMonitor(HarkApi api, Consumer<TrainingMessage> sink) {
        this.api = api;
        this.sink = sink;
        this.thread = new Thread(this::run, "hark-training-monitor");
        thread.setDaemon(true);
        thread.start();
    }

    /** "events" (push), "polling" or "connecting". */
    public String mode() {
        return mode;
    }

    private void run() {
        while (running) {
            try {
                if (!followEvents()) {
                    mode = "polling";
                    pollOnce();
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

    /** v1's progress as a progress event (one numbering: the server's global step). */
    private void pollOnce() {
        try {
            sink.accept(progressOf(api.progress()));
        } catch (HarkApiException e) {
            // a server without training (503) or unreachable: nothing to show, try again later
        }
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
