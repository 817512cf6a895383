package dev.hark.transport.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.websocket.client.WebSocketClient;
import org.junit.jupiter.api.Test;

import dev.hark.testing.Await;
import dev.hark.transport.internal.TransportActivator;
import dev.hark.transport.internal.WebSocketClients;

/** One shared WebSocket client: started on first use, bounded and named, stopped and restartable. */
class WebSocketClientsTest {

    static boolean poolThreadsAlive() {
        return Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().startsWith("hark-ws-client"));
    }

    @Test
    void everyUseGetsTheSameBoundedNamedClientUntilItIsShutDown() throws Exception {
        WebSocketClient first = WebSocketClients.shared();
        assertSame(first, WebSocketClients.shared());
        assertTrue(first.isRunning());
        QueuedThreadPool pool = (QueuedThreadPool) first.getHttpClient().getExecutor();
        assertEquals("hark-ws-client", pool.getName());
        assertEquals(16, pool.getMaxThreads());
        assertTrue(pool.isDaemon());
        assertTrue(poolThreadsAlive());

        WebSocketClients.shutdown();
        assertFalse(WebSocketClients.isRunning());
        assertFalse(first.isRunning());
        Await.until(Duration.ofSeconds(10), "the pool's threads to end", () -> !poolThreadsAlive());
        WebSocketClients.shutdown(); // twice is harmless

        WebSocketClient second = WebSocketClients.shared();
        assertNotSame(first, second, "a use after the shutdown starts a fresh client");
        assertTrue(second.isRunning());
    }

    @Test
    void theBundleStoppingStopsTheSharedClient() throws Exception {
        WebSocketClient client = WebSocketClients.shared();
        new TransportActivator().stop(null);
        assertFalse(client.isRunning());
        assertFalse(WebSocketClients.isRunning());
    }
}
