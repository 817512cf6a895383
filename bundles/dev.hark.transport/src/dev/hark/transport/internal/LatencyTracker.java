package dev.hark.transport.internal;

import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongSupplier;

/**
 * The latencies a session reports in its metrics: the round trip of the last ping, the time from an
 * utterance's audio being sent to its first partial, and from the end of its audio being sent to its
 * final. It remembers when each stretch of audio (by its end in session time) left for the server, at
 * most {@link #MAX_MARKS} stretches (the oldest are forgotten; results for them count from the oldest
 * still known).
 *
 * <p>Not thread-safe: the session's lock guards it. The clock is injectable for tests.
 */
public final class LatencyTracker {

    public static final int MAX_MARKS = 10_000;

    private final LongSupplier nanoClock;
    private final TreeMap<Double, Long> sentAt = new TreeMap<>();
    private long rttMillis = -1;
    private long firstPartialMillis = -1;
    private long finalMillis = -1;
    private boolean utteranceOpen;
    private long utteranceFirstPartialMillis = -1;

    public LatencyTracker() {
        this(System::nanoTime);
    }

    /** @param nanoClock like {@link System#nanoTime()} */
    public LatencyTracker(LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
    }

    /** The audio up to session time {@code endTime} left for the server now. */
    public void sent(double endTime) {
        sentAt.put(endTime, nanoClock.getAsLong());
        while (sentAt.size() > MAX_MARKS) {
            sentAt.pollFirstEntry();
        }
    }

    /** A partial for audio from session time {@code start}: the first of an utterance is timed. */
    public void partial(double start) {
        if (!utteranceOpen) {
            utteranceOpen = true;
            firstPartialMillis = millisSinceSent(start);
        }
    }

    /** A final for audio up to session time {@code end}: it closes the utterance and is timed. */
    public void finalResult(double end) {
        utteranceFirstPartialMillis = utteranceOpen ? firstPartialMillis : -1;
        utteranceOpen = false;
        finalMillis = millisSinceSent(end);
    }

    /** A round trip was measured. */
    public void rtt(long millis) {
        rttMillis = millis;
    }

    /** The last round trip, or -1. */
    public long rttMillis() {
        return rttMillis;
    }

    /** From the first audio of the current or last utterance being sent to its first partial, or -1. */
    public long firstPartialMillis() {
        return firstPartialMillis;
    }

    /** From the end of the last utterance's audio being sent to its final, or -1. */
    public long finalMillis() {
        return finalMillis;
    }

    /** The first-partial latency of the utterance the last final closed: -1 when no partial came before it. */
    public long utteranceFirstPartialMillis() {
        return utteranceFirstPartialMillis;
    }

    /** Stretches whose sending time is remembered. */
    public int marks() {
        return sentAt.size();
    }

    /** Milliseconds since the audio at {@code time} was sent (the first stretch ending at or after it), or -1. */
    private long millisSinceSent(double time) {
        if (Double.isNaN(time)) {
            return -1;
        }
        Map.Entry<Double, Long> e = sentAt.ceilingEntry(time - 1e-6);
        if (e == null) {
            e = sentAt.lastEntry();
        }
        return e == null ? -1 : (nanoClock.getAsLong() - e.getValue()) / 1_000_000;
    }
}
