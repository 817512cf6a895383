package dev.hark.server.internal;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The v2 sessions of a server, by id. A session whose connection dropped stays here for the resume
 * window, then its decoder is freed. Owns the "hark-session-timer" thread, which also runs the v2
 * handshake timeouts; {@link #close()} stops it and ends every session.
 */
final class SessionStore implements AutoCloseable {

    private final Map<String, V2Session> sessions = new ConcurrentHashMap<>();
    private final Duration resumeWindow;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "hark-session-timer");
        t.setDaemon(true);
        return t;
    });

    SessionStore(Duration resumeWindow) {
        this.resumeWindow = resumeWindow;
    }

    Duration resumeWindow() {
        return resumeWindow;
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

    /** The connection of {@code session} is gone: keep it for a resume, then end it. */
    void detach(V2Session session, Object owner) {
        synchronized (session) {
            if (session.owner != owner || session.ended) {
                return;
            }
            session.owner = null;
            session.detachedAt = System.nanoTime();
        }
        timer.schedule(() -> {
            synchronized (session) {
                if (session.owner != null || session.ended) {
                    return;
                }
            }
            remove(session);
        }, resumeWindow.toMillis(), TimeUnit.MILLISECONDS);
    }

    ScheduledFuture<?> schedule(Runnable task, Duration delay) {
        return timer.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    int size() {
        return sessions.size();
    }

    @Override
    public void close() {
        timer.shutdownNow();
        sessions.values().forEach(V2Session::end);
        sessions.clear();
    }
}
