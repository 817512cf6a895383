package dev.hark.transport.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.hark.transport.internal.ResendBuffer;
import dev.hark.transport.internal.ResumeState;

/**
 * What a v2 resume brings back: the state from before the last utterance and the committed frames since it, which the
 * resend buffer keeps though they are acknowledged; the newest state alone when those frames are gone or too long.
 */
class ResumeStateTest {

    /** ResendBufferTest's frames: 2 bytes per 20 ms. */
    static final double BYTES_PER_SECOND = 100;

    static List<Long> seqs(List<ResendBuffer.Frame> frames) {
        return frames.stream().map(ResendBuffer.Frame::seq).toList();
    }

    @Test
    void theStateBeforeTheLastUtteranceAndTheFramesSinceIt() {
        ResendBuffer b = new ResendBuffer(64, 120);
        ResumeState r = new ResumeState();
        b.retainFrom(r.retainFrom());
        for (int i = 0; i < 12; i++) {
            ResendBufferTest.add(b);
        }
        ResendBufferTest.sendAll(b);

        r.received(4, "S1"); // the first utterance ended at frame 4
        b.retainFrom(r.retainFrom());
        b.acknowledge(6, 0.14);
        ResumeState.Resume first = r.forResume(b, BYTES_PER_SECOND);
        assertNull(first.state(), "before the first utterance the decoder had its initial state");
        assertEquals(List.of(0L, 1L, 2L, 3L, 4L, 5L, 6L), seqs(first.warmUp()));

        r.received(6, "S1"); // an ack repeating it changes nothing
        r.received(9, "S2");
        b.retainFrom(r.retainFrom());
        b.acknowledge(10, 0.22);
        assertEquals(5, b.first(), "frames before the older state's are dropped once acknowledged");
        ResumeState.Resume second = r.forResume(b, BYTES_PER_SECOND);
        assertEquals("S1", second.state());
        assertEquals(List.of(5L, 6L, 7L, 8L, 9L, 10L), seqs(second.warmUp()));

        ResumeState.Resume tooLong = r.forResume(b, 0.5); // six frames of 2 bytes are 24 s at half a byte per second
        assertEquals("S2", tooLong.state(), "a warm-up over the limit falls back to the newest state");
        assertTrue(tooLong.warmUp().isEmpty());
        assertEquals("S2", r.newest());

        r.reset();
        assertNull(r.forResume(b, BYTES_PER_SECOND).state());
        assertTrue(r.forResume(b, BYTES_PER_SECOND).warmUp().isEmpty(), "frame 0 is gone: no warm-up");
    }

    @Test
    void retainedFramesAreKeptThroughAResumeAndTheirEvictionIsNoLoss() {
        ResendBuffer b = new ResendBuffer(8, 120);
        b.retainFrom(0);
        for (int i = 0; i < 6; i++) {
            ResendBufferTest.add(b);
        }
        ResendBufferTest.sendAll(b);
        b.acknowledge(3, 0.08);
        assertEquals(0, b.first(), "acknowledged frames from the retain point stay");
        assertEquals(List.of(0L, 1L, 2L, 3L), seqs(b.committedFrom(0)));
        assertTrue(b.committedFrom(4).isEmpty(), "frame 4 is not acknowledged");
        assertTrue(b.resendFrom(4));
        assertEquals(0, b.first(), "a resume keeps the warm-up frames for the next one");
        assertEquals(4, b.cursor());
        for (int i = 0; i < 4; i++) {
            ResendBufferTest.add(b); // the ring of 8 is full: retained frames make room
        }
        assertEquals(0, b.evicted(), "dropping acknowledged frames loses nothing");
        assertTrue(b.committedFrom(0).isEmpty(), "frame 0 was dropped for room");
        b.retainFrom(Long.MAX_VALUE);
        assertEquals(4, b.first(), "without retention acknowledged frames go");
    }
}
