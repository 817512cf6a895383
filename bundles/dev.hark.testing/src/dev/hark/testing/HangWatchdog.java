package dev.hark.testing;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Prints a {@link ThreadDump} when one test runs longer than {@link #AFTER} (and again every {@link #AFTER} it goes
 * on): a test runtime killed by its overall timeout leaves nothing else to tell where it hung. Register with
 * {@code @ExtendWith(HangWatchdog.class)}; it only watches, it never stops a test. One daemon thread,
 * "hark-test-watchdog", lives for the runtime and sleeps between tests.
 */
public final class HangWatchdog implements BeforeEachCallback, AfterEachCallback {

    /** Longer than any test takes on a slow machine, well under the runtime's 20-minute limit. */
    public static final Duration AFTER = Duration.ofMinutes(Long.getLong("hark.test.watchdogMinutes", 6));

    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "hark-test-watchdog");
        t.setDaemon(true);
        return t;
    });

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(HangWatchdog.class);

    @Override
    public void beforeEach(ExtensionContext context) {
        String test = context.getDisplayName();
        long started = System.nanoTime();
        ScheduledFuture<?> dump = TIMER.scheduleAtFixedRate(() -> ThreadDump.print(test + " still running after "
                + Duration.ofNanos(System.nanoTime() - started).toSeconds() + " s"), AFTER.toMillis(), AFTER.toMillis(),
                TimeUnit.MILLISECONDS);
        context.getStore(NAMESPACE).put("dump", dump);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        ScheduledFuture<?> dump = context.getStore(NAMESPACE).remove("dump", ScheduledFuture.class);
        if (dump != null) {
            dump.cancel(false);
        }
    }
}
