package dev.hark.transport.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

import org.junit.jupiter.api.Test;

import dev.hark.transport.ClientSettings;
import dev.hark.transport.internal.Connector;

/** Endpoints, the versions to try, and failures in one line. */
class ConnectorTest {

    static Connector connector(String server, ClientSettings.Protocol protocol) {
        return new Connector(ClientSettings.of(URI.create(server), null).withProtocol(protocol));
    }

    @Test
    void anHttpAddressGivesBothEndpoints() {
        Connector c = connector("http://127.0.0.1:8765", ClientSettings.Protocol.AUTO);
        assertEquals(URI.create("ws://127.0.0.1:8765/v2/stream"), c.endpoint(2));
        assertEquals(URI.create("ws://127.0.0.1:8765/ws"), c.endpoint(1));
        assertEquals(URI.create("wss://asr.example:443/base/ws"),
                connector("https://asr.example:443/base", ClientSettings.Protocol.AUTO).endpoint(1));
    }

    @Test
    void aV2PathDecidesTheVersion() {
        Connector v1 = connector("ws://h:1/ws", ClientSettings.Protocol.AUTO);
        assertArrayEquals(new int[] { 2, 1 }, v1.versionsToTry(0), "a /ws address still tries v2 first (issue 10)");
        assertArrayEquals(new int[] { 1 }, connector("ws://h:1/ws", ClientSettings.Protocol.V1).versionsToTry(0));
        assertEquals(URI.create("ws://h:1/v2/stream"), v1.endpoint(2));
        Connector v2 = connector("ws://h:1/v2/stream", ClientSettings.Protocol.AUTO);
        assertArrayEquals(new int[] { 2 }, v2.versionsToTry(1));
        assertEquals(URI.create("ws://h:1/ws"), v2.endpoint(1));
    }

    @Test
    void autoTriesV2ThenV1UntilAVersionIsKnown() {
        Connector auto = connector("http://h:1", ClientSettings.Protocol.AUTO);
        assertArrayEquals(new int[] { 2, 1 }, auto.versionsToTry(0));
        assertArrayEquals(new int[] { 1 }, auto.versionsToTry(1), "a reconnect keeps the version spoken");
        assertArrayEquals(new int[] { 1 }, connector("http://h:1", ClientSettings.Protocol.V1).versionsToTry(0));
        assertArrayEquals(new int[] { 2 }, connector("http://h:1", ClientSettings.Protocol.V2).versionsToTry(0));
    }

    @Test
    void failuresReadAsOneLine() {
        assertEquals("unknown error", Connector.describe(null));
        assertTrue(Connector.describe(new ExecutionException(new TimeoutException())).startsWith("no answer within 10 s"));
        assertEquals("ConnectException: Connection refused",
                Connector.describe(new ExecutionException(new java.net.ConnectException("Connection refused"))));
    }
}
