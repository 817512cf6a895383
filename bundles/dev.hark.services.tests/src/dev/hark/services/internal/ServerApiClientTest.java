package dev.hark.services.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;

import org.junit.jupiter.api.Test;

import dev.hark.api.HarkApi;
import dev.hark.core.HarkEvents;
import dev.hark.core.HarkTopics;
import dev.hark.core.services.ServerCallException;
import dev.hark.core.services.ServerStatus;

/** One HTTP client per server: shared by every call, replaced when the address or the token changes. */
class ServerApiClientTest {

    private final FakeServer server = new FakeServer();
    private final ServerApiClient client = new ServerApiClient();

    ServerApiClientTest() {
        client.server = server;
    }

    @Test
    void callsShareOneClientUntilTheServerChanges() throws Exception {
        server.running(URI.create("http://127.0.0.1:1234"));
        HarkApi first = client.api();
        assertSame(first, client.api());
        assertSame(first, client.api());
        assertEquals(1, client.clientsMade());
        assertEquals(URI.create("http://127.0.0.1:1234/"), first.base());

        server.running(URI.create("http://127.0.0.1:4321"));
        HarkApi second = client.api();
        assertNotSame(first, second);
        assertEquals(URI.create("http://127.0.0.1:4321/"), second.base());
        assertEquals(2, client.clientsMade());
        client.deactivate();
    }

    @Test
    void aNewTokenRebinds() throws Exception {
        server.running(URI.create("http://127.0.0.1:1234"));
        HarkApi first = client.api();
        server.token = "secret";
        HarkApi second = client.api();
        assertNotSame(first, second);
        assertEquals("secret", second.token());
        assertSame(second, client.api());
        client.deactivate();
    }

    @Test
    void aServerThatIsNotRunningIsNotCalled() {
        server.status = new ServerStatus(true, ServerStatus.State.RESTARTING, null, "exit 137", 1);
        ServerCallException e = assertThrows(ServerCallException.NotReady.class, client::api);
        assertTrue(e.getMessage().contains("restarting") && e.getMessage().contains("exit 137"), e.getMessage());
        assertEquals(0, client.clientsMade());
    }

    @Test
    void aServerStateEventForAnotherAddressDropsTheClient() throws Exception {
        URI a = URI.create("http://127.0.0.1:1234");
        server.running(a);
        HarkApi first = client.api();
        // a restart on the same address keeps the client
        client.handleEvent(HarkEvents.create(HarkTopics.SERVER_STATE, new ServerStatus(true, ServerStatus.State.RESTARTING, a, "", 1)));
        assertSame(first, client.api());
        // another server: dropped at once, a new one on the next call
        URI b = URI.create("http://127.0.0.1:9999");
        client.handleEvent(HarkEvents.create(HarkTopics.SERVER_STATE, new ServerStatus(false, ServerStatus.State.RUNNING, b, "", 0)));
        server.running(b);
        assertNotSame(first, client.api());
        assertEquals(2, client.clientsMade());
        client.deactivate();
    }

    @Test
    void anUnreachableServerIsAServerCallException() {
        server.running(URI.create("http://127.0.0.1:9")); // discard port: nothing listens
        ServerCallException e = assertThrows(ServerCallException.class, client::health);
        assertEquals(0, e.status());
        assertTrue(e.getMessage().contains("cannot reach"), e.getMessage());
        client.deactivate();
    }
}
