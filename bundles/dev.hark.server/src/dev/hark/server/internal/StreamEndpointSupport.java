package dev.hark.server.internal;

import java.util.concurrent.CompletionException;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;

import dev.hark.engine.EngineException;

/** What the v1 and v2 streaming endpoints share: sending, demand, error text. */
// public: Jetty invokes the listener methods through method handles, which need public classes
public abstract class StreamEndpointSupport implements Session.Listener {

    static final Logger LOG = Logger.getLogger("dev.hark.server.stream");

    protected volatile Session session;

    @Override
    public void onWebSocketOpen(Session s) {
        this.session = s;
        opened();
        s.demand();
    }

    /** Called once the socket is open, before the first message is read. */
    protected void opened() {
    }

    /**
     * Queues a text message; Jetty keeps the order of messages sent from one thread. When the queue is full (the
     * client does not read: {@code maxOutgoingFrames}), the client is disconnected rather than buffered for.
     */
    protected void send(String json) {
        Session s = session;
        if (s != null && s.isOpen()) {
            s.sendText(json, Callback.from(() -> { }, e -> {
                LOG.log(Level.FINE, "send failed", e);
                if (s.isOpen()) {
                    // the queue is full (the client does not read) or the write failed: either way the socket is done
                    LOG.log(Level.INFO, "disconnecting a client whose messages cannot be sent: " + s.getRemoteSocketAddress()
                            + " (" + e + ")");
                    s.disconnect();
                }
            }));
        }
    }

    /** Asks Jetty for the next message; not calling it pauses reading (backpressure while a model loads). */
    protected void demand() {
        Session s = session;
        if (s != null && s.isOpen()) {
            s.demand();
        }
    }

    protected void close(int code, String reason) {
        Session s = session;
        if (s != null && s.isOpen()) {
            s.close(code, reason, Callback.NOOP);
        }
    }

    /** The engine's or loader's failure as a sentence for the client. */
    static String describe(Throwable t) {
        Throwable cause = t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
        if (cause instanceof EngineException e) {
            return e.getMessage();
        }
        return "recognition failed: " + cause;
    }

    static EngineException.Kind kindOf(Throwable t) {
        Throwable cause = t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
        return cause instanceof EngineException e ? e.kind() : EngineException.Kind.ENGINE_FAILURE;
    }
}
