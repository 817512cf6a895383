package dev.hark.transport.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;

/** Sending and closing, shared by both protocol links. Public: Jetty calls listeners through method handles. */
public abstract class LinkSupport implements Session.Listener.AutoDemanding {

    /** How long one frame may take to leave before the connection counts as stuck. */
    static final long SEND_TIMEOUT_SECONDS = 30;

    protected final LinkEvents events;
    protected volatile Session session;

    protected LinkSupport(LinkEvents events) {
        this.events = events;
    }

    @Override
    public void onWebSocketOpen(Session s) {
        session = s;
        opened();
    }

    protected void opened() {
    }

    protected void sendText(String json) {
        Session s = session;
        if (s != null && s.isOpen()) {
            s.sendText(json, Callback.NOOP);
        }
    }

    /** Queues a binary frame without waiting for it to be written (frames go out in the order queued). */
    protected void sendBinary(ByteBuffer frame) {
        Session s = session;
        if (s != null && s.isOpen()) {
            s.sendBinary(frame, Callback.NOOP);
        }
    }

    protected void sendBinaryAndWait(ByteBuffer frame) throws IOException {
        Session s = session;
        if (s == null || !s.isOpen()) {
            throw new IOException("not connected");
        }
        CompletableFuture<Void> sent = new CompletableFuture<>();
        s.sendBinary(frame, Callback.from(() -> sent.complete(null), sent::completeExceptionally));
        try {
            sent.get(SEND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while sending", e);
        } catch (ExecutionException e) {
            throw new IOException("send failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new IOException("the server took no audio for " + SEND_TIMEOUT_SECONDS + " s");
        }
    }

    @Override
    public void onWebSocketClose(int statusCode, String reason) {
        events.closed(statusCode, reason);
    }

    @Override
    public void onWebSocketError(Throwable cause) {
        // onWebSocketClose follows with 1006 when the connection is lost
    }

    public void close() {
        Session s = session;
        if (s != null && s.isOpen()) {
            s.close(1000, "done", Callback.NOOP);
        }
    }

    public void abort() {
        Session s = session;
        if (s != null) {
            s.disconnect();
        }
    }
}
