package dev.hark.transport.internal;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;

import dev.hark.transport.ReconnectPolicy;

/**
 * One session's reconnect state under a {@link ReconnectPolicy}: which retry comes next, since when the
 * session has been without a connection (to give up after {@link ReconnectPolicy#giveUpAfter()}), and how
 * many established connections were lost. The retry count starts again and the outage ends only once
 * the server accepted the session: a server that opens connections and closes them before accepting (v1
 * servers do that for a model they cannot load) keeps backing off, keeps the outage clock running and is
 * counted ({@link #closesBeforeReady()}), so the session can give up.
 *
 * <p>Not thread-safe: the session's lock guards it. Clock and random draws are injectable for tests.
 */
public final class ReconnectSchedule {

    private final ReconnectPolicy policy;
    private final LongSupplier nanoClock;
    private final DoubleSupplier random;
    private int attempt;
    private boolean down;
    private long downSince;
    private int reconnects;
    private boolean open;
    private boolean accepted;
    private int closesBeforeReady;

    public ReconnectSchedule(ReconnectPolicy policy) {
        this(policy, System::nanoTime, () -> ThreadLocalRandom.current().nextDouble());
    }

    /**
     * @param nanoClock like {@link System#nanoTime()}
     * @param random    draws in [0, 1) for the jitter
     */
    public ReconnectSchedule(ReconnectPolicy policy, LongSupplier nanoClock, DoubleSupplier random) {
        this.policy = Objects.requireNonNull(policy, "policy");
        this.nanoClock = nanoClock;
        this.random = random;
    }

    public ReconnectPolicy policy() {
        return policy;
    }

    /**
     * An established connection was lost. Counts a reconnect and starts the outage; returns the wait
     * before the next attempt, or null when the policy never reconnects (nothing is counted then).
     */
    public Duration connectionLost() {
        if (!policy.enabled()) {
            return null;
        }
        reconnects++;
        if (open && !accepted) {
            closesBeforeReady++;
        }
        open = false;
        if (!down) {
            down = true;
            downSince = nanoClock.getAsLong();
        } else if (nanoClock.getAsLong() - downSince > policy.giveUpAfter().toNanos()) {
            return null;
        }
        return next();
    }

    /**
     * A connection attempt failed. Returns the wait before the next attempt, or null when the session
     * should give up: the policy never reconnects, or the outage has lasted longer than it allows.
     */
    public Duration attemptFailed() {
        if (!policy.enabled()) {
            return null;
        }
        long now = nanoClock.getAsLong();
        if (down && now - downSince > policy.giveUpAfter().toNanos()) {
            return null;
        }
        if (!down) {
            down = true;
            downSince = now;
        }
        return next();
    }

    /** A connection is open (the server has not accepted the session on it yet). */
    public void connected() {
        open = true;
        accepted = false;
    }

    /** The server accepted the session: the outage, if any, is over and the next failure starts the backoff afresh. */
    public void established() {
        accepted = true;
        down = false;
        attempt = 0;
        closesBeforeReady = 0;
    }

    /** Connections closed, one after another, after opening but before the server accepted the session. */
    public int closesBeforeReady() {
        return closesBeforeReady;
    }

    /** Established connections lost since the session started. */
    public int reconnects() {
        return reconnects;
    }

    /** The number of the next retry (0-based) within the current backoff. */
    public int attempt() {
        return attempt;
    }

    public boolean isDown() {
        return down;
    }

    private Duration next() {
        return policy.delay(attempt++, random.getAsDouble());
    }
}
