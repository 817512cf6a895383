package dev.hark.services.internal;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import dev.hark.core.Bus;
import dev.hark.core.HarkEvents;
import dev.hark.core.HarkTopics;
import dev.hark.core.services.ServerService;
import dev.hark.core.services.ServerStatus;

/** Server events reach the follower on EventAdmin's one dispatcher thread: it must hand the work on and return. */
class TrainingFollowerTest {

    @Test
    void handleEventReturnsAtOnceWhileTheFollowerIsBusy() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger looks = new AtomicInteger();
        ServerService slow = new ServerService() {
            @Override
            public ServerStatus status() {
                looks.incrementAndGet();
                try {
                    release.await(10, TimeUnit.SECONDS); // as long as stopping a monitor may take
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return new ServerStatus(false, ServerStatus.State.STOPPED, null, "", 0);
            }

            @Override
            public String token() {
                return null;
            }

            @Override
            public void start() {
            }

            @Override
            public void reconfigure() {
            }
        };
        TrainingFollower follower = new TrainingFollower();
        follower.bus = Bus.NONE;
        follower.server = slow;
        ServerApiClient apis = new ServerApiClient();
        apis.server = slow;
        follower.apis = apis;
        follower.activate();
        var event = HarkEvents.create(HarkTopics.SERVER_STATE,
                new ServerStatus(false, ServerStatus.State.RUNNING, URI.create("http://127.0.0.1:9"), "", 0));
        long t0 = System.nanoTime();
        for (int i = 0; i < 50; i++) {
            follower.handleEvent(event);
        }
        long ms = Duration.ofNanos(System.nanoTime() - t0).toMillis();
        assertTrue(ms < 500, "50 events took " + ms + " ms on the dispatcher");
        assertTrue(follower.worker.getActiveCount() == 1 && follower.worker.getQueue().size() == 1, "one look running, one pending");
        release.countDown();
        // at most one look was pending behind the busy one: 50 events did not queue 50 looks
        Thread.sleep(300);
        assertTrue(looks.get() <= 3, "looks: " + looks.get());
        follower.deactivate();
        assertTrue(follower.worker.isTerminated(), "the follower's thread outlived it");
    }
}
