package dev.hark.server.internal;

import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The v2 sessions of a server, by id. A session whose connection dropped frees its decoder at once
 * ({@link V2Session#detach()}) and stays here, small, for the resume window; at most {@link #maxDetached()} of them
 * (and {@link #MAX_DETACHED_BYTES} of their warm-up audio) are kept: past that the longest-detached is ended. Owns
 * the "hark-session-timer" thread, which also runs the v2 handshake timeouts; {@link #close()} stops it and ends
 * every session.
 */
final class SessionStore implements AutoCloseable {

    /** Memory budget of all detached sessions together (their warm-up audio and unacknowledged finals). */
    static final long MAX_DETACHED_BYTES = 64L << 20;

    private final Map<String, V2Session> sessions = new ConcurrentHashMap<>();
    private final Duration resumeWindow;
    private final int maxDetached;
    private final StreamAdmission admission;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "hark-session-timer");
        t.setDaemon(true);
        return t;
    });

    SessionStore(Duration resumeWindow, int maxDetached, StreamAdmission admission) {
        this.resumeWindow = resumeWindow;
        this.maxDetached = maxDetached;
        this.admission = admission;
    }

    Duration resumeWindow() {
        return resumeWindow;
    }

    int maxDetached() {
        return maxDetached;
    }

    StreamAdmission admission() {
        return admission;
    }

    void put(V2Session session) {
        V2Session previous = sessions.put(session.id, session);
        if (previous != null && previous != session) {
            previous.end();
        }
    }

    Optional<V2Session> get(String id) {
        return Optional.ofNullable(sessions.get(id));
    }

    void remove(V2Session session) {
        sessions.remove(session.id, session);
        session.end();
    }

    /** The connection of {@code session} is gone: free its decoder, keep it for a resume, then end it. */
    void detach(V2Session session, Object owner) {
        synchronized (session) {
            if (session.owner != owner || session.ended) {
                return;
            }
            session.detach();
        }
        enforceDetachedLimits();
        schedule(() -> {
            synchronized (session) {
                if (session.owner != null || session.ended) {
                    return;
                }
            }
            remove(session);
        }, resumeWindow);
    }

    /** Ends the longest-detached sessions while there are too many or they hold too much. */
    private synchronized void enforceDetachedLimits() {
        while (true) {
            var detached = sessions.values().stream().filter(SessionStore::isDetached).toList();
            long bytes = detached.stream().mapToLong(V2Session::detachedBytes).sum();
            if (detached.size() <= maxDetached && bytes <= MAX_DETACHED_BYTES) {
                return;
            }
            detached.stream().min(Comparator.comparingLong(s -> detachedAt(s))).ifPresent(s -> {
                synchronized (s) {
                    if (s.owner != null || s.ended) {
                        return; // resumed meanwhile
                    }
                    s.end();
                }
                sessions.remove(s.id, s);
            });
        }
    }

    private static boolean isDetached(V2Session s) {
        synchronized (s) {
            return s.owner == null && !s.ended;
        }
    }

    private static long detachedAt(V2Session s) {
        synchronized (s) {
            return s.detachedAt;
        }
    }

    /** Runs {@code task} on the timer after {@code delay}; null once the store is closed (its sessions are ended). */
    ScheduledFuture<?> schedule(Runnable task, Duration delay) {
        try {
            return timer.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            return null;
        }
    }

    int size() {
        return sessions.size();
    }

    /** Sessions waiting for a resume. */
    int detachedCount() {
        return (int) sessions.values().stream().filter(SessionStore::isDetached).count();
    }

    @Override
    public void close() {
        timer.shutdownNow();
        sessions.values().forEach(V2Session::end);
        sessions.clear();
    }
}
