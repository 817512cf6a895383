package dev.hark.server.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/** The SSE writers' pool: named threads, a hard bound, no queue, and a stop that interrupts and waits. */
class BoundedThreadsTest {

    @Test
    void refusesTasksBeyondItsBoundAndStopsWhatRuns() throws Exception {
        BoundedThreads threads = new BoundedThreads("test-sse", 2);
        CountDownLatch started = new CountDownLatch(2);
        CountDownLatch interrupted = new CountDownLatch(2);
        List<String> names = new CopyOnWriteArrayList<>();
        Runnable blocking = () -> {
            names.add(Thread.currentThread().getName());
            started.countDown();
            try {
                new CountDownLatch(1).await();
            } catch (InterruptedException e) {
                interrupted.countDown();
            }
        };
        assertTrue(threads.tryExecute(blocking));
        assertTrue(threads.tryExecute(blocking));
        assertTrue(started.await(10, TimeUnit.SECONDS));
        assertFalse(threads.tryExecute(blocking), "a third task is refused, not queued");
        assertEquals(2, threads.active());
        assertTrue(names.stream().allMatch(n -> n.startsWith("test-sse-")), names.toString());

        assertTrue(threads.stop(Duration.ofSeconds(5)), "stop waits for the tasks it interrupted");
        assertEquals(0, interrupted.getCount());
        assertFalse(threads.tryExecute(() -> {
        }), "a stopped pool takes nothing");
    }

    @Test
    void aFreedSlotTakesTheNextTask() throws Exception {
        BoundedThreads threads = new BoundedThreads("test-sse", 1);
        CountDownLatch done = new CountDownLatch(1);
        assertTrue(threads.tryExecute(done::countDown));
        assertTrue(done.await(10, TimeUnit.SECONDS));
        CountDownLatch second = new CountDownLatch(1);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!threads.tryExecute(second::countDown)) {
            assertTrue(System.nanoTime() < deadline, "the slot was never freed");
            Thread.sleep(10);
        }
        assertTrue(second.await(10, TimeUnit.SECONDS));
        threads.stop(Duration.ofSeconds(5));
    }

    @Test
    void aBoundBelowOneIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new BoundedThreads("x", 0));
    }
}
