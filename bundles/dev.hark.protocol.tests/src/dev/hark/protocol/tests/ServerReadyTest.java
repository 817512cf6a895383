package dev.hark.protocol.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import dev.hark.protocol.ServerReady;

class ServerReadyTest {

    @Test
    void theReadinessLineRoundTripsAndNothingElseCounts() {
        ServerReady r = new ServerReady("http://127.0.0.1:40123", 40123);
        assertEquals(r, ServerReady.parse(r.line()).orElseThrow());
        assertTrue(ServerReady.parse("Hark server listening on http://127.0.0.1:40123").isEmpty());
        assertTrue(ServerReady.parse("@hark-ready {broken").isEmpty());
        assertTrue(ServerReady.parse("@hark-ready {\"url\":\"http://x\",\"port\":0}").isEmpty());
        assertTrue(ServerReady.parse(null).isEmpty());
    }
}
