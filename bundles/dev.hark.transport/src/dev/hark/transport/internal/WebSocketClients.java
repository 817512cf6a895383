package dev.hark.transport.internal;

import java.time.Duration;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.transport.HttpClientTransportOverHTTP;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.ScheduledExecutorScheduler;
import org.eclipse.jetty.websocket.client.WebSocketClient;

/**
 * The one Jetty {@link WebSocketClient} that every streaming session in this JVM connects with, instead of
 * a client and thread pool per session. Its threads are named, daemon and bounded: the "hark-ws-client"
 * pool (at most {@link #MAX_THREADS}) and the "hark-ws-client-scheduler". It starts on first use
 * ({@link #shared()}) and stops with {@link #shutdown()}, which the bundle's activator calls when
 * {@code dev.hark.transport} stops; outside OSGi (the CLI, tests) call it when done, or let the daemon
 * threads end with the JVM. A use after a shutdown starts a fresh client.
 *
 * <p>Binary payloads must be handed over in big-endian buffer order: Jetty 12.1's client masks payloads
 * word-wise in the buffer's byte order (see {@code V2.audioFrame}).
 */
public final class WebSocketClients {

    private static final Logger LOG = Logger.getLogger(WebSocketClients.class.getName());
    static final int MAX_THREADS = 16;
    static final int MIN_THREADS = 2;
    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    static final Duration IDLE_TIMEOUT = Duration.ofSeconds(60);
    static final Duration STOP_TIMEOUT = Duration.ofSeconds(2);
    static final int MAX_TEXT_MESSAGE_BYTES = 1 << 20;

    private static WebSocketClient client;

    private WebSocketClients() {
    }

    /** The shared client, started if it is not running. */
    public static synchronized WebSocketClient shared() throws Exception {
        if (client == null || !client.isRunning()) {
            client = create();
            client.start();
        }
        return client;
    }

    /** True while a shared client runs. */
    public static synchronized boolean isRunning() {
        return client != null && client.isRunning();
    }

    /** Stops the shared client (closing its connections), if one runs. */
    public static void shutdown() {
        WebSocketClient c;
        synchronized (WebSocketClients.class) {
            c = client;
            client = null;
        }
        if (c != null) {
            try {
                c.stop();
            } catch (Exception e) {
                LOG.log(Level.FINE, "stopping the WebSocket client", e);
            }
        }
    }

    private static WebSocketClient create() {
        QueuedThreadPool pool = new QueuedThreadPool(MAX_THREADS, MIN_THREADS);
        pool.setName("hark-ws-client");
        pool.setDaemon(true);
        // HTTP/1.1 only, said explicitly: the upgrade must never be offered over h2c (some servers and proxies
        // answer Java's "Upgrade: h2c" with 400)
        HttpClient http = new HttpClient(new HttpClientTransportOverHTTP());
        http.setExecutor(pool);
        http.setScheduler(new ScheduledExecutorScheduler("hark-ws-client-scheduler", true));
        http.setConnectTimeout(CONNECT_TIMEOUT.toMillis());
        WebSocketClient ws = new WebSocketClient(http);
        ws.setIdleTimeout(IDLE_TIMEOUT);
        ws.setMaxTextMessageSize(MAX_TEXT_MESSAGE_BYTES);
        ws.setStopTimeout(STOP_TIMEOUT.toMillis());
        return ws;
    }
}
