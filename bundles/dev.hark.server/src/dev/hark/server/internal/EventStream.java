package dev.hark.server.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.component.AbstractLifeCycle;

import dev.hark.server.TrainingEvents;
import dev.hark.server.rest.HttpError;

/**
 * The server's Server-Sent Events streams: {@code GET /api/events} (training events, {@link TrainingFeed}) and
 * {@code GET /v2/runs/events} (run changes, {@link RunFeed}), for clients that want them without a streaming socket;
 * a comment line every 15 s keeps proxies from closing a stream.
 *
 * <p>Each client gets a bounded feed and a writer thread from one bounded pool shared by both kinds ("hark-sse-N", at
 * most {@code maxClients} streams together, {@value #DEFAULT_MAX_CLIENTS} unless {@code -Dhark.server.maxEventStreams}
 * says otherwise), so a slow client never blocks the publisher; a client that falls behind its feed's bound stops
 * being fed at once and is disconnected, and a client beyond the bound is answered {@code 503}. Stopping the stream
 * ends every client and waits for the writers.
 */
final class EventStream extends AbstractLifeCycle {

    static final int DEFAULT_MAX_CLIENTS = 32;
    private static final long HEARTBEAT_SECONDS = 15;

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

    /** Streams training events to this response until the client leaves or the stream stops; 503 when full or stopped. */
    void serve(Response response, Callback callback) {
        serve(new TrainingFeed(events), response, callback);
    }

    /** Streams what {@code feed} produces (one of the bounded writers, shared by every kind of feed); 503 when full or stopped. */
    void serve(SseFeed feed, Response response, Callback callback) {
        BoundedThreads pool = writers;
        Client client = new Client(feed, response, callback);
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

    private final class Client {
        final SseFeed feed;
        final Response response;
        final Callback callback;

        Client(SseFeed feed, Response response, Callback callback) {
            this.feed = feed;
            this.response = response;
            this.callback = callback;
        }

        void close() {
            feed.end();
        }

        void run() {
            response.setStatus(200);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/event-stream; charset=utf-8");
            response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
            OutputStream out = Content.Sink.asOutputStream(response);
            clients.add(this);
            Throwable failure = null;
            try {
                write(out, feed.open());
                while (true) {
                    String next = feed.next(HEARTBEAT_SECONDS, TimeUnit.SECONDS);
                    if (SseFeed.END.equals(next)) {
                        break;
                    }
                    write(out, next == null ? ": keepalive\n\n" : next);
                }
            } catch (IOException e) {
                failure = e; // the client went away
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // the stream stops
            } finally {
                feed.release();
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
