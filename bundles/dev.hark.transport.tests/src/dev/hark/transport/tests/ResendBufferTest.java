package dev.hark.transport.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import dev.hark.transport.internal.ResendBuffer;

/** The seq-indexed ring that keeps frames until the server acknowledged them. */
class ResendBufferTest {

    /** A frame of 20 ms whose payload names its sequence number. */
    static ResendBuffer.Frame add(ResendBuffer b) {
        long seq = b.next();
        return b.append(new byte[] { (byte) seq, (byte) (seq >> 8) }, (seq + 1) * 0.02, seq);
    }

    static void sendAll(ResendBuffer b) {
        for (ResendBuffer.Frame f = b.nextToSend(); f != null; f = b.nextToSend()) {
            assertTrue(b.markSent(f.seq()));
        }
    }

    @Test
    void appendNumbersFramesFromZeroAndFindsEachBySeq() {
        ResendBuffer b = new ResendBuffer(8, 120);
        for (int i = 0; i < 5; i++) {
            assertEquals(i, add(b).seq());
        }
        for (int i = 0; i < 5; i++) {
            assertEquals(i, b.get(i).seq());
            assertArrayEquals(new byte[] { (byte) i, 0 }, b.get(i).pcm());
        }
        assertNull(b.get(5), "not appended yet");
        assertNull(b.get(-1));
        assertEquals(5, b.size());
        assertEquals(5, b.unsent());
        assertEquals(0, b.nextToSend().seq());
    }

    @Test
    void framesAreSentInOrderOnly() {
        ResendBuffer b = new ResendBuffer(8, 120);
        add(b);
        add(b);
        assertFalse(b.markSent(1), "frame 0 goes first");
        assertTrue(b.markSent(0));
        assertFalse(b.markSent(0), "already sent");
        assertEquals(1, b.nextToSend().seq());
        assertTrue(b.markSent(1));
        assertNull(b.nextToSend());
        assertFalse(b.markSent(2), "nothing to send");
        assertEquals(2, b.size(), "sent frames stay until acknowledged");
    }

    @Test
    void anAckReleasesSentFramesUpToItButNeverUnsentOnes() {
        ResendBuffer b = new ResendBuffer(8, 120);
        for (int i = 0; i < 6; i++) {
            add(b);
        }
        for (int i = 0; i < 4; i++) {
            b.markSent(i);
        }
        b.acknowledge(1, 0.04);
        assertEquals(2, b.first());
        assertEquals(1, b.ackedSeq());
        assertEquals(0.04, b.ackedTime());
        assertNull(b.get(1));
        b.acknowledge(5, 0.12); // beyond what was sent (a server counting ahead): unsent frames stay
        assertEquals(4, b.first());
        assertEquals(2, b.unsent());
        b.acknowledge(3, 0.08); // older than the last: changes nothing
        assertEquals(5, b.ackedSeq());
        assertEquals(0.12, b.ackedTime());
        b.markSent(4);
        b.acknowledge(4, 0.1); // releases frame 4, now sent, under the earlier ack of 5
        assertEquals(5, b.first());
        assertEquals(1, b.size());
    }

    @Test
    void aResumeReplaysFromTheSeqTheServerNeeds() {
        ResendBuffer b = new ResendBuffer(16, 120);
        for (int i = 0; i < 10; i++) {
            add(b);
        }
        sendAll(b);
        b.acknowledge(3, 0.08);
        assertTrue(b.resendFrom(6), "frames from 6 on are held");
        assertEquals(6, b.cursor());
        assertEquals(6, b.first(), "what the server has is dropped");
        for (long expected = 6; expected < 10; expected++) {
            ResendBuffer.Frame f = b.nextToSend();
            assertEquals(expected, f.seq());
            assertTrue(b.markSent(f.seq()));
        }
        assertNull(b.nextToSend());
        assertTrue(b.resendFrom(100), "nothing past the last frame is needed");
        assertEquals(10, b.cursor(), "the cursor never passes the frames appended");
    }

    @Test
    void aResumeFromAFrameNoLongerHeldReportsIt() {
        ResendBuffer b = new ResendBuffer(16, 120);
        for (int i = 0; i < 10; i++) {
            add(b);
        }
        sendAll(b);
        b.acknowledge(5, 0.12);
        assertFalse(b.resendFrom(2), "frames 2..5 were released");
        assertEquals(6, b.cursor(), "sending goes on with the oldest frame held");
    }

    @Test
    void theRingWrapsAroundAndKeepsEverySeqInItsSlot() {
        ResendBuffer b = new ResendBuffer(4, 120);
        for (int round = 0; round < 100; round++) {
            ResendBuffer.Frame f = add(b);
            assertSame(f, b.get(f.seq()));
            assertTrue(b.markSent(f.seq()));
            if (round % 3 == 2) {
                b.acknowledge(f.seq() - 1, 0); // keep the last frame unacknowledged
            }
            assertTrue(b.size() <= 4, "bounded: " + b.size());
            for (long s = b.first(); s < b.next(); s++) {
                assertEquals(s, b.get(s).seq(), "slot of " + s);
                assertArrayEquals(new byte[] { (byte) s, (byte) (s >> 8) }, b.get(s).pcm());
            }
        }
        assertEquals(100, b.next());
    }

    @Test
    void beyondItsCapacityTheOldestSentFrameIsEvictedAndCounted() {
        ResendBuffer b = new ResendBuffer(4, 120);
        for (int i = 0; i < 4; i++) {
            add(b);
        }
        sendAll(b);
        add(b);
        assertEquals(1, b.evicted());
        assertEquals(1, b.first());
        assertNull(b.get(0));
        assertEquals(4, b.size());
        assertFalse(b.resendFrom(0), "frame 0 is gone: the resend reports the gap");
        assertEquals(1, b.cursor());
    }

    @Test
    void unsentFramesAreNeverEvicted() {
        ResendBuffer b = new ResendBuffer(4, 120);
        for (int i = 0; i < 4; i++) {
            add(b);
        }
        IllegalStateException full = assertThrows(IllegalStateException.class, () -> add(b));
        assertTrue(full.getMessage().contains("wait to be sent"), full.getMessage());
        assertEquals(4, b.size());
        assertEquals(0, b.evicted());
        b.markSent(0);
        assertEquals(4, add(b).seq(), "a sent frame makes room");
        assertEquals(1, b.evicted());
        assertEquals(1, b.nextToSend().seq(), "the unsent frames are all still there");
    }

    @Test
    void sentFramesOlderThanTheTimeBoundAreEvicted() {
        ResendBuffer b = new ResendBuffer(1024, 1.0);
        b.append(new byte[1], 0.5, 0);
        b.append(new byte[1], 1.0, 0);
        b.append(new byte[1], 1.5, 0);
        b.markSent(0);
        b.markSent(1);
        b.append(new byte[1], 2.4, 0); // 0.5 is 1.9 s behind, 1.0 is 1.4 s behind: both older than 1 s
        assertEquals(2, b.evicted());
        assertEquals(2, b.first());
        b.append(new byte[1], 3.0, 0); // 1.5 is 1.5 s behind, but not sent: kept
        assertEquals(2, b.first());
        assertEquals(3, b.size());
    }

    @Test
    void v1ReleasesSentFramesAndAGapDiscardsEverything() {
        ResendBuffer b = new ResendBuffer(8, 120);
        for (int i = 0; i < 5; i++) {
            add(b);
        }
        b.markSent(0);
        b.markSent(1);
        b.releaseSent();
        assertEquals(2, b.first());
        assertEquals(3, b.size());
        assertEquals(0, b.evicted(), "released, not evicted");
        b.discardAll();
        assertEquals(0, b.size());
        assertNull(b.nextToSend());
        assertEquals(5, add(b).seq(), "numbering goes on after a gap");
        assertEquals(5, b.nextToSend().seq());
    }

    @Test
    void capacityIsAPowerOfTwoAndArgumentsAreChecked() {
        assertEquals(8, new ResendBuffer(5, 1).capacity());
        assertEquals(8, new ResendBuffer(8, 1).capacity());
        assertEquals(1, new ResendBuffer(1, 1).capacity());
        assertThrows(IllegalArgumentException.class, () -> new ResendBuffer(0, 1));
        assertThrows(IllegalArgumentException.class, () -> new ResendBuffer(8, 0));
        assertThrows(IllegalArgumentException.class, () -> new ResendBuffer(8, Double.NaN));
    }

    /**
     * O(1) by construction: frame {@code seq} is slot {@code seq & mask} of a fixed array, so lookups and
     * appends do not search. Here millions of frames pass through 1024 slots; every operation is direct and
     * the held frames stay bounded whatever the total.
     */
    @Test
    void millionsOfFramesPassThroughAFixedRing() {
        ResendBuffer b = new ResendBuffer(1024, 1e9);
        long total = 3_000_000;
        for (long i = 0; i < total; i++) {
            ResendBuffer.Frame f = b.append(null, i * 0.02, i);
            assertTrue(b.markSent(f.seq()));
            if (i % 500 == 0) {
                b.acknowledge(i - 100, 0);
            }
        }
        assertEquals(total, b.next());
        assertTrue(b.size() <= 1024);
        assertEquals(total - 1, b.get(total - 1).seq());
        assertEquals(b.first(), b.get(b.first()).seq());
        assertNull(b.get(b.first() - 1));
    }
}
