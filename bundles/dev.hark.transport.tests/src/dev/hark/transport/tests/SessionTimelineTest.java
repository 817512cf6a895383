package dev.hark.transport.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import dev.hark.transport.internal.SessionTimeline;

/** Session time, and the gaps a v1 reconnect leaves. */
class SessionTimelineTest {

    @Test
    void withoutAReconnectServerTimeIsSessionTime() {
        SessionTimeline t = new SessionTimeline();
        assertEquals(1.5, t.audioAdded(1.5));
        assertEquals(3.0, t.audioAdded(1.5));
        assertEquals(new SessionTimeline.Span(0.2, 1.4), t.finalResult(0.2, 1.4));
        assertEquals(1.4, t.committedEnd());
        assertEquals(0.7, t.toSession(0.7));
        assertEquals(0, t.offset());
    }

    @Test
    void aFinalWithoutTimesSpansFromTheLastFinalToTheAudioSoFar() {
        SessionTimeline t = new SessionTimeline();
        t.audioAdded(2);
        t.finalResult(0, 0.8);
        t.audioAdded(1);
        assertEquals(new SessionTimeline.Span(0.8, 3.0), t.finalResult(Double.NaN, Double.NaN));
        assertEquals(3.0, t.committedEnd());
    }

    @Test
    void aV1ReconnectMarksTheLostStretchAndShiftsTheNewSessionsTimes() {
        SessionTimeline t = new SessionTimeline();
        t.audioAdded(3.0);
        t.finalResult(0.1, 1.2);
        t.audioAdded(2.0); // 1.2..5.0 was sent, or is waiting, when the connection drops
        assertEquals(new SessionTimeline.Gap(1.2, 5.0), t.v1Restarted());
        assertEquals(5.0, t.committedEnd(), "the gap counts as committed");
        assertEquals(5.0, t.offset());
        // the new v1 server session counts from 0 again
        t.audioAdded(2.0);
        assertEquals(5.2, t.toSession(0.2), 1e-9);
        SessionTimeline.Span s = t.finalResult(0.5, 1.0);
        assertEquals(5.5, s.start(), 1e-9);
        assertEquals(6.0, s.end(), 1e-9);
    }

    @Test
    void aSecondReconnectWithoutAFinalLeavesAGapFromTheFirstGap() {
        SessionTimeline t = new SessionTimeline();
        t.audioAdded(4);
        assertEquals(new SessionTimeline.Gap(0, 4), t.v1Restarted());
        t.audioAdded(1);
        assertEquals(new SessionTimeline.Gap(4, 5), t.v1Restarted());
        assertEquals(5, t.offset());
        assertEquals(new SessionTimeline.Gap(5, 5), t.v1Restarted(), "nothing new: an empty gap");
    }
}
