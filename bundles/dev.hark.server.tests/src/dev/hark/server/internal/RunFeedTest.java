package dev.hark.server.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import dev.hark.protocol.runs.MetricLine;
import dev.hark.protocol.runs.RunDeleted;
import dev.hark.protocol.runs.RunRecord;

/** One {@code /v2/runs/events} client's feed: order kept, values batched, a newer record replacing a waiting one, the bound. */
class RunFeedTest {

    static RunRecord run(String id, String status, long points) {
        return new RunRecord(id, id, "ctc", "digits", null, null, null, status, null, "2026-11-27T10:00:00Z", null, List.of("loss"), points, 0,
                null, null);
    }

    static List<String> types(String text) {
        return text.lines().filter(l -> l.startsWith("event: ")).map(l -> l.substring(7)).toList();
    }

    @Test
    void changesKeepTheirOrderAndValuesAreBatched() throws Exception {
        RunChanges changes = new RunChanges();
        RunFeed feed = new RunFeed(changes);
        assertEquals(": hark runs\n\n", feed.open());
        assertEquals(1, changes.listenerCount());
        assertNull(feed.next(50, TimeUnit.MILLISECONDS), "nothing: a keepalive");

        changes.changed(run("a", RunRecord.RUNNING, 0));
        for (int i = 0; i < 500; i++) {
            changes.point("a", new MetricLine("loss", i, i, i));
        }
        changes.changed(run("b", RunRecord.RUNNING, 0));
        changes.point("b", new MetricLine("loss", 0, 0, 1));
        changes.point("a", new MetricLine("loss", 500, 500, 500));
        String first = feed.next(1, TimeUnit.SECONDS);
        // a's later value joins its waiting batch (the order between runs is not the order of one run)
        assertEquals(List.of("run", "points", "run", "points"), types(first), first);
        assertTrue(first.contains("\"run_id\":\"a\"") && first.contains("\"step\":500"), "a's 501 values in one event");

        // a newer record of a replaces the waiting one, after the values it counts; a deletion replaces all of b's
        changes.point("a", new MetricLine("loss", 501, 501, 1));
        changes.changed(run("a", RunRecord.RUNNING, 502));
        changes.point("b", new MetricLine("loss", 1, 1, 1));
        changes.changed(run("a", RunRecord.COMPLETED, 502));
        changes.deleted(new RunDeleted("b", List.of("ctc-digits-r1-epoch-1"), "deleted"));
        long t0 = System.nanoTime();
        String second = feed.next(1, TimeUnit.SECONDS);
        assertTrue(System.nanoTime() - t0 >= TimeUnit.MILLISECONDS.toNanos(RunFeed.BATCH_MS / 2), "coalesced: not written at once");
        assertEquals(List.of("points", "run", "deleted"), types(second), second);
        assertTrue(second.contains("\"status\":\"completed\"") && !second.contains("\"status\":\"running\""), second);
        assertEquals(0, feed.pendingPoints());
        feed.release();
        assertEquals(0, changes.listenerCount());
    }

    @Test
    void aClientTooFarBehindStopsBeingFedAtOnce() throws Exception {
        RunChanges changes = new RunChanges();
        RunFeed feed = new RunFeed(changes);
        feed.open();
        for (int i = 0; i < RunFeed.MAX_PENDING_POINTS; i++) {
            changes.point("a", new MetricLine("loss", i, i, i));
        }
        assertEquals(RunFeed.MAX_PENDING_POINTS, feed.pendingPoints());
        assertEquals(1, changes.listenerCount());
        changes.point("a", new MetricLine("loss", -1, 0, 0));
        assertEquals(0, changes.listenerCount(), "unsubscribed at once");
        assertEquals(0, feed.pendingPoints(), "what waited is freed");
        assertEquals(SseFeed.END, feed.next(1, TimeUnit.SECONDS));
    }
}
