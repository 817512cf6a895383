package dev.hark.server.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import com.google.gson.JsonObject;

import dev.hark.protocol.JsonMessages;
import dev.hark.server.TrainingEvents;

/**
 * {@code GET /api/events}: training events as Server-Sent Events, for clients that want them without a
 * streaming socket. Each event is {@code event: <type>} and {@code data: <payload JSON>}; a comment
 * line every 15 s keeps proxies from closing the stream.
 *
 * <p>Each client gets a bounded queue and its own writer thread ("hark-sse-N"), so a slow client never
 * blocks the publisher; a client that falls 1000 events behind is disconnected.
 */
final class EventStream implements AutoCloseable {

    private static final int QUEUE = 1000;
    private static final long HEARTBEAT_SECONDS = 15;
    private static final String CLOSE = "\u0000close";

    private final TrainingEvents events;
    private final Set<Client> clients = ConcurrentHashMap.newKeySet();
    private final AtomicInteger ids = new AtomicInteger();

    EventStream(TrainingEvents events) {
        this.events = events;
    }

    void serve(Response response, Callback callback) {
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/event-stream; charset=utf-8");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        Client client = new Client(Content.Sink.asOutputStream(response), callback);
        clients.add(client);
        events.subscribe(client);
        Thread writer = new Thread(client::run, "hark-sse-" + ids.incrementAndGet());
        writer.setDaemon(true);
        client.thread = writer;
        writer.start();
    }

    int clientCount() {
        return clients.size();
    }

    @Override
    public void close() {
        for (Client c : clients) {
            c.queue.clear();
            c.queue.offer(CLOSE);
        }
    }

    private final class Client implements BiConsumer<String, JsonObject> {
        final BlockingQueue<String> queue = new ArrayBlockingQueue<>(QUEUE);
        final OutputStream out;
        final Callback callback;
        volatile Thread thread;

        Client(OutputStream out, Callback callback) {
            this.out = out;
            this.callback = callback;
        }

        @Override
        public void accept(String type, JsonObject payload) {
            String event = "event: " + type + "\ndata: " + JsonMessages.GSON.toJson(payload) + "\n\n";
            if (!queue.offer(event)) {
                queue.clear();
                queue.offer(CLOSE); // too slow: drop it rather than grow without bound
            }
        }

        void run() {
            Throwable failure = null;
            try {
                write(": hark training events\n\n");
                while (true) {
                    String next = queue.poll(HEARTBEAT_SECONDS, TimeUnit.SECONDS);
                    if (CLOSE.equals(next)) {
                        break;
                    }
                    write(next == null ? ": keepalive\n\n" : next);
                }
            } catch (IOException e) {
                failure = e; // the client went away
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                events.unsubscribe(this);
                clients.remove(this);
                if (failure == null) {
                    try {
                        out.close();
                    } catch (IOException e) {
                        failure = e;
                    }
                }
                if (failure == null) {
                    callback.succeeded();
                } else {
                    callback.failed(failure);
                }
            }
        }

        private void write(String text) throws IOException {
            out.write(text.getBytes(StandardCharsets.UTF_8));
            out.flush();
        }
    }
}
