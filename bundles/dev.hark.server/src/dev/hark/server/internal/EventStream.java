package dev.hark.server.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.component.AbstractLifeCycle;

import dev.hark.protocol.training.TrainingMessage;
import dev.hark.protocol.training.TrainingMessages;
import dev.hark.server.TrainingEvents;
import dev.hark.server.rest.HttpError;

/**
 * {@code GET /api/events}: training events as Server-Sent Events ({@link TrainingMessages#sseEvent}), for clients
 * that want them without a streaming socket; a comment line every 15 s keeps proxies from closing the stream.
 *
 * <p>Each client gets a bounded queue and a writer thread from a bounded pool ("hark-sse-N", at most
 * {@code maxClients}, {@value #DEFAULT_MAX_CLIENTS} unless {@code -Dhark.server.maxEventStreams} says otherwise), so a
 * slow client never blocks the publisher; a client that falls {@value #QUEUE} events behind is disconnected, and a
 * client beyond the bound is answered {@code 503}. Stopping the stream ends every client and waits for the writers.
 */
final class EventStream extends AbstractLifeCycle {

    static final int DEFAULT_MAX_CLIENTS = 32;
    private static final int QUEUE = 1000;
    private static final long HEARTBEAT_SECONDS = 15;
    private static final String CLOSE = "\u0000close";

    private final TrainingEvents events;
    private final int maxClients;
    private final Set<Client> clients = ConcurrentHashMap.newKeySet();
    private volatile BoundedThreads writers;

    EventStream(TrainingEvents events, int maxClients) {
        this.events = events;
        this.maxClients = maxClients;
    }

    static int configuredMaxClients() {
        return Integer.getInteger("hark.server.maxEventStreams", DEFAULT_MAX_CLIENTS);
    }

    @Override
    protected void doStart() {
        writers = new BoundedThreads("hark-sse", maxClients);
    }

    /** Streams events to this response until the client leaves or the stream stops; 503 when full or stopped. */
    void serve(Response response, Callback callback) {
        BoundedThreads pool = writers;
        Client client = new Client(response, callback);
        if (pool == null || !isRunning()) {
            throw HttpError.unavailable("the event stream is not running");
        }
        if (!pool.tryExecute(client::run)) {
            throw HttpError.unavailable("too many event streams (at most " + maxClients + "); try again later");
        }
    }

    int clientCount() {
        return clients.size();
    }

    @Override
    protected void doStop() throws Exception {
        for (Client c : clients) {
            c.close();
        }
        BoundedThreads pool = writers;
        if (pool != null) {
            pool.stop(Duration.ofSeconds(2));
        }
    }

    private final class Client implements Consumer<TrainingMessage> {
        final BlockingQueue<String> queue = new ArrayBlockingQueue<>(QUEUE);
        final Response response;
        final Callback callback;

        Client(Response response, Callback callback) {
            this.response = response;
            this.callback = callback;
        }

        @Override
        public void accept(TrainingMessage message) {
            if (!queue.offer(TrainingMessages.sseEvent(message))) {
                close(); // too slow: drop it rather than grow without bound
            }
        }

        void close() {
            queue.clear();
            queue.offer(CLOSE);
        }

        void run() {
            response.setStatus(200);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/event-stream; charset=utf-8");
            response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
            OutputStream out = Content.Sink.asOutputStream(response);
            clients.add(this);
            events.subscribe(this);
            Throwable failure = null;
            try {
                write(out, ": hark training events\n\n");
                while (true) {
                    String next = queue.poll(HEARTBEAT_SECONDS, TimeUnit.SECONDS);
                    if (CLOSE.equals(next)) {
                        break;
                    }
                    write(out, next == null ? ": keepalive\n\n" : next);
                }
            } catch (IOException e) {
                failure = e; // the client went away
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // the stream stops
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

        private void write(OutputStream out, String text) throws IOException {
            out.write(text.getBytes(StandardCharsets.UTF_8));
            out.flush();
        }
    }
}
