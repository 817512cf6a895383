package dev.hark.transport.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.hark.core.transcript.Segment;
import dev.hark.core.transcript.TranscriptDocument;
import dev.hark.transport.internal.LatencyTracker;
import dev.hark.transport.internal.ResendBuffer;
import dev.hark.transport.internal.SessionTimeline;
import dev.hark.transport.internal.TranscriptUpdater;

/** Results into the transcript: v1 gaps, shifted times, acks carried by finals, lost v2 audio. */
class TranscriptUpdaterTest {

    final TranscriptDocument transcript = new TranscriptDocument();
    final SessionTimeline timeline = new SessionTimeline();
    final ResendBuffer buffer = new ResendBuffer(64, 120);
    final TranscriptUpdater results = new TranscriptUpdater(transcript, timeline, new LatencyTracker(), buffer);

    void cut(int frames) {
        for (int i = 0; i < frames; i++) {
            buffer.append(new byte[4], timeline.audioAdded(0.5), 0);
        }
    }

    void sendAll() {
        while (buffer.nextToSend() != null) {
            buffer.markSent(buffer.nextToSend().seq());
        }
    }

    @Test
    void aV1ReconnectLeavesAGapAndLaterResultsFollowIt() {
        cut(6); // 3 s
        sendAll();
        buffer.releaseSent();
        results.partial("hel", 0.1, 0.9);
        results.finalResult("hello", 0.1, 1.0, List.of(), -1, Double.NaN);
        cut(2); // 1 s more, not sent when the connection drops
        Segment gap = results.v1Restarted();
        assertEquals(Segment.Kind.GAP, gap.kind());
        assertEquals(1.0, gap.start());
        assertEquals(4.0, gap.end());
        assertEquals(0, buffer.size(), "unsent audio belongs to the gap");
        cut(2);
        Segment p = results.partial("wor", 0.0, 0.5);
        assertEquals(4.0, p.start());
        Segment f = results.finalResult("world", 0.2, 0.9, List.of(new Segment.Word("world", 0.2, 0.9, 0.8)), -1, Double.NaN);
        assertEquals(4.2, f.start(), 1e-9);
        assertEquals(4.9, f.end(), 1e-9);
        assertEquals(4.2, f.words().get(0).start(), 1e-9, "word times shift too");
        assertEquals(4.9, f.words().get(0).end(), 1e-9);
        List<Segment.Kind> kinds = transcript.snapshot().stream().map(Segment::kind).toList();
        assertEquals(List.of(Segment.Kind.FINAL, Segment.Kind.GAP, Segment.Kind.FINAL), kinds);
        assertEquals("hello world", transcript.finalText());
    }

    @Test
    void aV2FinalCarriesItsAcknowledgement() {
        cut(6);
        sendAll();
        Segment f = results.finalResult("hi", 0.0, 1.4, List.of(), 2, 1.5);
        assertEquals(0.0, f.start());
        assertEquals(3, buffer.first(), "frames 0..2 are committed");
        assertEquals(1.5, buffer.ackedTime());
        results.finalResult("there", 1.5, 2.4, List.of(), 4, Double.NaN);
        assertEquals(2.4, buffer.ackedTime(), "without an ack time, the final's end");
    }

    @Test
    void aV2ResumeThatFindsAllFramesLeavesNoGap() {
        cut(6);
        sendAll();
        buffer.acknowledge(1, 1.0);
        assertNull(results.resumed(2));
        assertEquals(2, buffer.cursor());
        assertTrue(transcript.snapshot().isEmpty());
    }

    @Test
    void aV2ResumeNeedingEvictedFramesMarksTheLostAudio() {
        cut(6);
        sendAll();
        buffer.acknowledge(3, 2.0);
        Segment gap = results.resumed(1); // the server lost what it had acknowledged (a restart without its state)
        assertEquals(Segment.Kind.GAP, gap.kind());
        assertEquals(2.0, gap.start());
        assertEquals(3.0, gap.end());
        assertEquals(4, buffer.cursor());
    }
}
