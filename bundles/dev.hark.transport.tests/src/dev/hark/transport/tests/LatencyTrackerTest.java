package dev.hark.transport.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import dev.hark.transport.internal.LatencyTracker;

/** Round trip, send→first partial and send→final latencies, against a fake clock. */
class LatencyTrackerTest {

    final AtomicLong nanos = new AtomicLong(5_000_000_000L);
    final LatencyTracker latency = new LatencyTracker(nanos::get);

    void at(long millis) {
        nanos.set(5_000_000_000L + millis * 1_000_000);
    }

    @Test
    void nothingIsKnownAtFirst() {
        assertEquals(-1, latency.rttMillis());
        assertEquals(-1, latency.firstPartialMillis());
        assertEquals(-1, latency.finalMillis());
        latency.partial(1.0);
        assertEquals(-1, latency.firstPartialMillis(), "no audio was sent");
    }

    @Test
    void theFirstPartialOfAnUtteranceIsTimedFromWhenItsAudioLeft() {
        at(0);
        latency.sent(1.0);
        at(100);
        latency.sent(2.0);
        at(350);
        latency.partial(0.5); // audio at 0.5 s left with the stretch ending at 1.0 s
        assertEquals(350, latency.firstPartialMillis());
        at(500);
        latency.partial(0.5);
        assertEquals(350, latency.firstPartialMillis(), "later partials of the same utterance are not timed");
        latency.finalResult(2.0);
        assertEquals(400, latency.finalMillis(), "from the stretch ending at 2.0 s, sent at 100 ms");
        at(700);
        latency.partial(1.5); // a new utterance
        assertEquals(600, latency.firstPartialMillis());
    }

    @Test
    void aResultPastTheAudioSentCountsFromTheLastStretch() {
        at(0);
        latency.sent(1.0);
        at(200);
        latency.finalResult(7.5);
        assertEquals(200, latency.finalMillis());
        latency.finalResult(Double.NaN);
        assertEquals(-1, latency.finalMillis(), "a result without a time is not timed");
    }

    @Test
    void theMarksAreBoundedAndTheOldestForgotten() {
        for (int i = 0; i < LatencyTracker.MAX_MARKS * 2; i++) {
            at(i);
            latency.sent(i * 0.02);
        }
        assertEquals(LatencyTracker.MAX_MARKS, latency.marks());
        at(30_000);
        latency.finalResult(0.0); // forgotten: counts from the oldest stretch still known, sent at 10 000 ms
        assertEquals(20_000, latency.finalMillis());
    }

    @Test
    void aResentStretchCountsFromItsLastSending() {
        at(0);
        latency.sent(1.0);
        at(1_000);
        latency.sent(1.0); // resent after a reconnect
        at(1_100);
        latency.finalResult(1.0);
        assertEquals(100, latency.finalMillis());
    }

    @Test
    void theRoundTripIsTheLastMeasured() {
        latency.rtt(12);
        latency.rtt(9);
        assertEquals(9, latency.rttMillis());
    }

    @Test
    void eachFinalKnowsTheFirstPartialOfItsOwnUtteranceOnly() {
        at(0);
        latency.sent(0.5);
        at(300);
        latency.partial(0.0);
        at(900);
        latency.finalResult(0.5);
        assertEquals(300, latency.utteranceFirstPartialMillis());
        assertEquals(900, latency.finalMillis());
        at(1_000);
        latency.sent(1.5);
        at(1_200);
        latency.finalResult(1.5); // no partial before this final
        assertEquals(-1, latency.utteranceFirstPartialMillis(), "not the previous utterance's");
        assertEquals(200, latency.finalMillis());
    }
}
