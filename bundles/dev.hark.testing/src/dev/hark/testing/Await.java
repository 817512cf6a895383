package dev.hark.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Polls a condition until it holds, or fails with what was awaited. */
public final class Await {

    private Await() {
    }

    public static void until(Duration timeout, String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout.toMillis() + " ms waiting for " + what);
            }
            Thread.sleep(20);
        }
    }
}
