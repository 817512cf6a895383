package dev.hark.transport;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with jitter: the n-th retry waits {@code initial × 2^n}, at most {@code max},
 * spread by ±{@code jitter} so that many clients of a restarted server do not come back at once.
 * After {@code giveUpAfter} without a connection the session fails.
 */
public record ReconnectPolicy(Duration initial, Duration max, double jitter, Duration giveUpAfter) {

    public static final ReconnectPolicy DEFAULT = new ReconnectPolicy(Duration.ofMillis(250), Duration.ofSeconds(10), 0.2,
            Duration.ofMinutes(5));

    /** Never reconnect: the first drop fails the session. */
    public static final ReconnectPolicy NEVER = new ReconnectPolicy(Duration.ZERO, Duration.ZERO, 0, Duration.ZERO);

    public ReconnectPolicy {
        if (jitter < 0 || jitter >= 1) {
            throw new IllegalArgumentException("jitter must be in [0, 1)");
        }
    }

    public boolean enabled() {
        return giveUpAfter.isPositive();
    }

    /** The wait before retry number {@code attempt} (0-based). */
    public Duration delay(int attempt) {
        long base = initial.toMillis() << Math.min(attempt, 20);
        long capped = Math.min(Math.max(base, 0), max.toMillis());
        double spread = 1 + (ThreadLocalRandom.current().nextDouble() * 2 - 1) * jitter;
        return Duration.ofMillis(Math.max(0, Math.round(capped * spread)));
    }
}
