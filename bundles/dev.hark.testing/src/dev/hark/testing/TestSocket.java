package dev.hark.testing;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A WebSocket client for tests, on the JDK's own implementation (an independent peer for our Jetty
 * server). Text messages queue up for {@link #next}; the close code is kept.
 */
public final class TestSocket implements AutoCloseable {

    private final WebSocket socket;
    private final BlockingQueue<String> texts = new LinkedBlockingQueue<>();
    private final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private final StringBuilder partial = new StringBuilder();

    private TestSocket(URI uri, String bearer) throws Exception {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        WebSocket.Builder builder = client.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10));
        if (bearer != null) {
            builder.header("Authorization", "Bearer " + bearer);
        }
        try {
            socket = connect(builder, uri);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof java.net.http.WebSocketHandshakeException h) {
                throw new java.io.IOException("WebSocket upgrade of " + uri + " refused: HTTP " + h.getResponse().statusCode()
                        + " " + h.getResponse().body(), h);
            }
            throw e;
        }
    }

    private WebSocket connect(WebSocket.Builder builder, URI uri) throws Exception {
        return builder.buildAsync(uri, new WebSocket.Listener() {
            @Override
            public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                partial.append(data);
                if (last) {
                    texts.add(partial.toString());
                    partial.setLength(0);
                }
                ws.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
                closed.complete(statusCode);
                return null;
            }

            @Override
            public void onError(WebSocket ws, Throwable error) {
                closed.completeExceptionally(error);
            }
        }).get(15, TimeUnit.SECONDS);
    }

    public static TestSocket open(URI uri) throws Exception {
        return new TestSocket(uri, null);
    }

    public static TestSocket open(URI uri, String bearer) throws Exception {
        return new TestSocket(uri, bearer);
    }

    public void text(String json) throws Exception {
        socket.sendText(json, true).get(10, TimeUnit.SECONDS);
    }

    public void binary(byte[] bytes) throws Exception {
        socket.sendBinary(ByteBuffer.wrap(bytes), true).get(10, TimeUnit.SECONDS);
    }

    public void binary(ByteBuffer bytes) throws Exception {
        socket.sendBinary(bytes, true).get(10, TimeUnit.SECONDS);
    }

    /** The next text message, or an AssertionError after {@code timeout}. */
    public String next(Duration timeout) throws InterruptedException {
        String s = texts.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (s == null) {
            throw new AssertionError("no message within " + timeout.toMillis() + " ms");
        }
        return s;
    }

    /** Skips messages until one matches; returns it. Skipped ones are collected into {@code skipped} when given. */
    public String nextMatching(Duration timeout, Predicate<String> match, List<String> skipped) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            String s = texts.poll(Math.max(0, left), TimeUnit.NANOSECONDS);
            if (s == null) {
                throw new AssertionError("no matching message within " + timeout.toMillis() + " ms; skipped " + skipped);
            }
            if (match.test(s)) {
                return s;
            }
            if (skipped != null) {
                skipped.add(s);
            }
        }
    }

    /** Everything queued now, without waiting. */
    public List<String> drain() {
        List<String> out = new ArrayList<>();
        texts.drainTo(out);
        return out;
    }

    /** The close code the server sent, waiting up to {@code timeout}. */
    public int closeCode(Duration timeout) throws Exception {
        return closed.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    public boolean isOpen() {
        return !socket.isOutputClosed() && !socket.isInputClosed();
    }

    /** Drops the connection without a close handshake, as a network failure would. */
    public void abort() {
        socket.abort();
    }

    @Override
    public void close() {
        if (!socket.isOutputClosed()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").orTimeout(5, TimeUnit.SECONDS).exceptionally(e -> null).join();
        }
        socket.abort();
    }
}
