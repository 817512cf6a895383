package dev.hark.transport.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import dev.hark.transport.ReconnectPolicy;
import dev.hark.transport.internal.ReconnectSchedule;

/** Backoff with jitter: the policy (configuration) and a session's schedule (state). */
class ReconnectScheduleTest {

    static final ReconnectPolicy NO_JITTER = new ReconnectPolicy(Duration.ofMillis(100), Duration.ofSeconds(2), 0, Duration.ofMinutes(1));

    final AtomicLong nanos = new AtomicLong(1_000_000_000L);

    ReconnectSchedule schedule(ReconnectPolicy policy) {
        return new ReconnectSchedule(policy, nanos::get, () -> 0.5);
    }

    void advance(Duration d) {
        nanos.addAndGet(d.toNanos());
    }

    @Test
    void theWaitDoublesUpToTheCap() {
        ReconnectSchedule s = schedule(NO_JITTER);
        assertEquals(Duration.ofMillis(100), s.connectionLost());
        assertEquals(Duration.ofMillis(200), s.attemptFailed());
        assertEquals(Duration.ofMillis(400), s.attemptFailed());
        assertEquals(Duration.ofMillis(800), s.attemptFailed());
        assertEquals(Duration.ofMillis(1600), s.attemptFailed());
        assertEquals(Duration.ofSeconds(2), s.attemptFailed(), "capped");
        for (int i = 0; i < 100; i++) {
            assertEquals(Duration.ofSeconds(2), s.attemptFailed(), "stays capped, no overflow after " + s.attempt());
        }
    }

    @Test
    void hugeAttemptsAndLargeInitialWaitsStayAtTheCap() {
        assertEquals(Duration.ofSeconds(2), NO_JITTER.delay(Integer.MAX_VALUE, 0.5));
        assertEquals(Duration.ofSeconds(2), NO_JITTER.delay(63, 0.5));
        ReconnectPolicy big = new ReconnectPolicy(Duration.ofDays(1000), Duration.ofSeconds(5), 0, Duration.ofMinutes(1));
        assertEquals(Duration.ofSeconds(5), big.delay(0, 0.5));
        assertEquals(Duration.ofSeconds(5), big.delay(40, 0.5));
        assertEquals(Duration.ofMillis(100), NO_JITTER.delay(-3, 0.5), "a negative attempt counts as the first");
    }

    @Test
    void jitterSpreadsWithinItsBounds() {
        ReconnectPolicy p = new ReconnectPolicy(Duration.ofMillis(100), Duration.ofSeconds(10), 0.2, Duration.ofMinutes(1));
        assertEquals(Duration.ofMillis(640), p.delay(3, 0.0), "lowest draw: 800 × 0.8");
        assertEquals(Duration.ofMillis(800), p.delay(3, 0.5), "middle draw: the backoff itself");
        assertEquals(Duration.ofMillis(960), p.delay(3, Math.nextDown(1.0)), "highest draw: 800 × 1.2");
        Set<Long> seen = new HashSet<>();
        for (int i = 0; i < 2_000; i++) {
            long ms = p.delay(3).toMillis();
            assertTrue(ms >= 640 && ms <= 960, ms + " ms is outside 800 ± 20 %");
            seen.add(ms);
        }
        assertTrue(seen.size() > 50, "random draws must spread the waits: " + seen.size() + " distinct");
        assertEquals(Duration.ofSeconds(12), p.delay(30, Math.nextDown(1.0)), "jitter applies to the cap too");
    }

    @Test
    void anAcceptedSessionStartsTheBackoffAgain() {
        ReconnectSchedule s = schedule(NO_JITTER);
        s.connectionLost();
        s.attemptFailed();
        s.attemptFailed();
        assertEquals(3, s.attempt());
        s.connected();
        assertEquals(3, s.attempt(), "an open connection alone is not a recovery");
        s.established();
        assertEquals(0, s.attempt());
        assertEquals(Duration.ofMillis(100), s.connectionLost());
    }

    @Test
    void connectionsClosedBeforeTheSessionWasAcceptedBackOffAndGiveUp() {
        // a v1 server that cannot load the model accepts the connection and closes it without a word
        ReconnectSchedule s = schedule(NO_JITTER);
        s.connected();
        assertEquals(Duration.ofMillis(100), s.connectionLost());
        s.connected();
        assertEquals(Duration.ofMillis(200), s.connectionLost(), "backs off instead of retrying at the first step forever");
        assertEquals(2, s.closesBeforeReady());
        advance(Duration.ofSeconds(61));
        s.connected();
        assertNull(s.connectionLost(), "the outage clock ran on across the closes");
        s.established();
        assertEquals(0, s.closesBeforeReady());
    }

    @Test
    void aLongOutageGivesUp() {
        ReconnectSchedule s = schedule(NO_JITTER);
        assertNotNull(s.connectionLost());
        advance(Duration.ofSeconds(59));
        assertNotNull(s.attemptFailed());
        s.connected(); // a connection opened, but the server did not accept the session: still down
        advance(Duration.ofSeconds(2));
        assertNull(s.attemptFailed(), "down for 61 s, more than the minute allowed");
        assertTrue(s.isDown());
    }

    @Test
    void anAcceptedSessionEndsTheOutage() {
        ReconnectSchedule s = schedule(NO_JITTER);
        s.connectionLost();
        advance(Duration.ofSeconds(50));
        s.connected();
        s.established();
        assertFalse(s.isDown());
        advance(Duration.ofSeconds(50));
        assertNotNull(s.attemptFailed(), "a new outage starts now");
        advance(Duration.ofSeconds(59));
        assertNotNull(s.attemptFailed());
        advance(Duration.ofSeconds(2));
        assertNull(s.attemptFailed());
    }

    @Test
    void theFirstConnectionFailingStartsTheOutageClock() {
        ReconnectSchedule s = schedule(NO_JITTER);
        assertNotNull(s.attemptFailed());
        assertTrue(s.isDown());
        assertEquals(0, s.reconnects(), "never connected: not a reconnect");
        advance(Duration.ofSeconds(61));
        assertNull(s.attemptFailed());
    }

    @Test
    void reconnectsAreCounted() {
        ReconnectSchedule s = schedule(NO_JITTER);
        s.connectionLost();
        s.attemptFailed();
        s.connected();
        s.established();
        s.connectionLost();
        assertEquals(2, s.reconnects());
        assertTrue(s.isDown());
    }

    @Test
    void neverMeansNoRetryAndNoCount() {
        ReconnectSchedule s = schedule(ReconnectPolicy.NEVER);
        assertNull(s.connectionLost());
        assertNull(s.attemptFailed());
        assertEquals(0, s.reconnects());
        assertFalse(ReconnectPolicy.NEVER.enabled());
        assertTrue(ReconnectPolicy.DEFAULT.enabled());
    }

    @Test
    void thePolicyChecksItsArguments() {
        assertThrows(IllegalArgumentException.class, () -> new ReconnectPolicy(Duration.ofMillis(1), Duration.ofMillis(1), 1.0, Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> new ReconnectPolicy(Duration.ofMillis(1), Duration.ofMillis(1), -0.1, Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> new ReconnectPolicy(Duration.ofMillis(1), Duration.ofMillis(1), Double.NaN, Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> new ReconnectPolicy(Duration.ofMillis(-1), Duration.ofMillis(1), 0, Duration.ZERO));
        assertThrows(NullPointerException.class, () -> new ReconnectPolicy(null, Duration.ofMillis(1), 0, Duration.ZERO));
    }
}
