package dev.hark.api;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import dev.hark.protocol.ProtocolException;
import dev.hark.protocol.ProtocolJson;
import dev.hark.protocol.runs.MetricLine;
import dev.hark.protocol.runs.RunDeleted;
import dev.hark.protocol.runs.RunPoints;
import dev.hark.protocol.runs.RunRecord;

/**
 * Keeps a Hark server's run list up to date from its {@code /v2/runs/events} stream (docs/protocol.md): once the
 * stream greets, the list is read once over REST and then changed only by what the server pushes ({@code run},
 * {@code points}, {@code deleted}); {@code onChange} is called after each change. When the stream drops it is opened
 * again after 1, 2, 4 … at most {@value #MAX_BACKOFF_S} s, and the list is read afresh; meanwhile {@link #live()} is
 * false and the source reads over REST as before. A server without the stream (404) ends the thread: the caller
 * polls. One thread, "hark-runs-push", stopped by {@link #close()}.
 */
final class RunPushes implements AutoCloseable {

    static final long MAX_BACKOFF_S = 30;

    private final HarkApi api;
    private final ServerRunSource source;
    private final Runnable onChange;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile boolean live;
    private volatile boolean unsupported;
    private volatile InputStream stream;
    private final Map<String, RunRecord> runs = new HashMap<>(); // guarded by itself

    RunPushes(HarkApi api, ServerRunSource source, Runnable onChange) {
        this.api = api;
        this.source = source;
        this.onChange = onChange;
        thread = new Thread(this::run, "hark-runs-push");
        thread.setDaemon(true);
        thread.start();
    }

    /** True while the stream is open and the list it keeps is complete. */
    boolean live() {
        return live;
    }

    /** True when the server has no run stream (the thread has ended; poll instead). */
    boolean unsupported() {
        return unsupported;
    }

    /** The runs as pushed, newest first (as {@code GET /v2/runs} orders them). */
    List<RunRecord> records() {
        List<RunRecord> out;
        synchronized (runs) {
            out = new ArrayList<>(runs.values());
        }
        out.sort(Comparator.comparing((RunRecord r) -> instant(r.startedAt())).reversed()
                .thenComparing(RunRecord::id, Comparator.reverseOrder()));
        return out;
    }

    private void run() {
        long backoff = 1;
        while (running) {
            try {
                Optional<InputStream> opened = api.runEvents();
                if (opened.isEmpty()) {
                    unsupported = true;
                    return;
                }
                stream = opened.get();
                follow(opened.get());
                backoff = 1; // it was open: a drop is retried soon
            } catch (HarkApiException | IOException | RuntimeException e) {
                // unreachable, refused (503: too many streams) or dropped: retried below
            } finally {
                closeStream();
                if (live) {
                    live = false;
                    onChange.run();
                }
            }
            try {
                Thread.sleep(Duration.ofSeconds(backoff).toMillis());
            } catch (InterruptedException e) {
                return;
            }
            backoff = Math.min(MAX_BACKOFF_S, backoff * 2);
        }
    }

    /** Reads the stream until it ends: the greeting, then the list over REST, then each event. */
    private void follow(InputStream in) throws IOException {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String first = reader.readLine(); // the greeting: the server listens from here on
            if (first == null) {
                return;
            }
            List<RunRecord> now = source.fetch();
            synchronized (runs) {
                runs.clear();
                now.forEach(r -> runs.put(r.id(), r));
            }
            live = true;
            onChange.run();
            String type = null;
            for (String line; running && (line = reader.readLine()) != null;) {
                if (line.startsWith("event:")) {
                    type = line.substring(6).strip();
                } else if (line.startsWith("data:") && type != null) {
                    if (apply(type, line.substring(5).strip())) {
                        onChange.run();
                    }
                    type = null;
                } else if (line.isEmpty()) {
                    type = null;
                }
            }
        }
    }

    /** Applies one event; false for one this client does not know (skipped) or cannot read. */
    boolean apply(String type, String json) {
        try {
            switch (type) {
                case "run" -> {
                    RunRecord r = ProtocolJson.fromJson(json, RunRecord.class);
                    synchronized (runs) {
                        runs.put(r.id(), r);
                    }
                }
                case "points" -> {
                    RunPoints p = ProtocolJson.fromJson(json, RunPoints.class);
                    synchronized (runs) {
                        RunRecord r = runs.get(p.runId());
                        if (r != null) {
                            runs.put(r.id(), withPoints(r, p.points()));
                        }
                    }
                }
                case "deleted" -> {
                    RunDeleted d = ProtocolJson.fromJson(json, RunDeleted.class);
                    synchronized (runs) {
                        runs.remove(d.id());
                    }
                }
                default -> {
                    return false;
                }
            }
            return true;
        } catch (ProtocolException | RuntimeException e) {
            return false;
        }
    }

    /** A run's summary with new values: their tags joined, the count and last step moved on. */
    static RunRecord withPoints(RunRecord r, List<MetricLine> points) {
        Set<String> tags = new LinkedHashSet<>(r.tags());
        long last = r.lastStep();
        for (MetricLine l : points) {
            tags.add(l.tag());
            last = Math.max(last, l.step());
        }
        return r.with(List.copyOf(tags), r.points() + points.size(), last, r.checkpoints());
    }

    private static Instant instant(String iso) {
        try {
            return iso == null ? Instant.EPOCH : Instant.parse(iso);
        } catch (RuntimeException e) {
            return Instant.EPOCH;
        }
    }

    private void closeStream() {
        InputStream s = stream;
        stream = null;
        if (s != null) {
            try {
                s.close();
            } catch (IOException e) {
                // closing to unblock the reader
            }
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        closeStream();
        try {
            thread.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
