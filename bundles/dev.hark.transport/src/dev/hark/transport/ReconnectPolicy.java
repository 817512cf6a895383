package dev.hark.transport;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How a session retries a dropped connection (the configuration; a session's stateful schedule is
 * {@code internal.ReconnectSchedule}): exponential backoff with jitter. The n-th retry waits
 * {@code initial × 2^n}, at most {@code max}, spread by ±{@code jitter} so that many clients of a restarted
 * server do not come back at once. After {@code giveUpAfter} without a connection the session fails.
 */
public record ReconnectPolicy(Duration initial, Duration max, double jitter, Duration giveUpAfter) {

    public static final ReconnectPolicy DEFAULT = new ReconnectPolicy(Duration.ofMillis(250), Duration.ofSeconds(10), 0.2,
            Duration.ofMinutes(5));

    /** Never reconnect: the first drop fails the session. */
    public static final ReconnectPolicy NEVER = new ReconnectPolicy(Duration.ZERO, Duration.ZERO, 0, Duration.ZERO);

    public ReconnectPolicy {
        Objects.requireNonNull(initial, "initial");
        Objects.requireNonNull(max, "max");
        Objects.requireNonNull(giveUpAfter, "giveUpAfter");
        if (initial.isNegative() || max.isNegative()) {
            throw new IllegalArgumentException("initial and max must not be negative");
        }
        if (!(jitter >= 0 && jitter < 1)) {
            throw new IllegalArgumentException("jitter must be in [0, 1)");
        }
    }

    public boolean enabled() {
        return giveUpAfter.isPositive();
    }

    /** The wait before retry number {@code attempt} (0-based), with random jitter. */
    public Duration delay(int attempt) {
        return delay(attempt, ThreadLocalRandom.current().nextDouble());
    }

    /**
     * The wait before retry number {@code attempt} (0-based) for a given draw {@code random} in [0, 1):
     * 0 gives the shortest wait ({@code 1 - jitter} times the backoff), 0.5 the backoff itself.
     */
    public Duration delay(int attempt, double random) {
        long base = initial.toMillis();
        long cap = max.toMillis();
        int shift = Math.min(Math.max(attempt, 0), 62);
        // base << shift without overflow: when it would pass the cap, it is the cap
        long capped = base > (cap >> shift) ? cap : Math.min(base << shift, cap);
        double spread = 1 + (random * 2 - 1) * jitter;
        return Duration.ofMillis(Math.max(0, Math.round(capped * spread)));
    }
}
