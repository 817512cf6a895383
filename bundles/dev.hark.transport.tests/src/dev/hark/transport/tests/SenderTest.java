package dev.hark.transport.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.hark.core.audio.AudioPipe;
import dev.hark.core.audio.PcmFormat;
import dev.hark.testing.Await;
import dev.hark.transport.internal.Framer;
import dev.hark.transport.internal.LatencyTracker;
import dev.hark.transport.internal.ProtocolLink;
import dev.hark.transport.internal.ResendBuffer;
import dev.hark.transport.internal.Sender;
import dev.hark.transport.internal.SessionTimeline;

/** The sending thread against a fake link: order, backpressure-free bookkeeping, the stop, failures. */
class SenderTest {

    static final Duration WAIT = Duration.ofSeconds(10);

    /** Records what is written; fails the first {@code failures} writes. */
    static final class FakeLink implements ProtocolLink {
        final int version;
        final List<Long> written = new CopyOnWriteArrayList<>();
        final AtomicInteger failures = new AtomicInteger();
        final AtomicInteger aborts = new AtomicInteger();

        FakeLink(int version) {
            this.version = version;
        }

        @Override
        public int version() {
            return version;
        }

        @Override
        public void begin(String model, int sampleRate, PcmFormat format) {
        }

        @Override
        public void resume(String session, String token, String model, int sampleRate, PcmFormat format, long ackedSeq, double ackedTime,
                String state, java.util.List<dev.hark.transport.internal.ResendBuffer.Frame> warmUp) {
        }

        @Override
        public void sendAudio(long seq, byte[] pcm) throws IOException {
            if (failures.getAndDecrement() > 0) {
                throw new IOException("broken pipe");
            }
            written.add(seq);
        }

        @Override
        public void stop() {
        }

        @Override
        public void ping() {
        }

        @Override
        public void close() {
        }

        @Override
        public void abort() {
            aborts.incrementAndGet();
        }
    }

    final Object lock = new Object();
    final ResendBuffer buffer = new ResendBuffer(256, 120);
    final SessionTimeline timeline = new SessionTimeline();
    final LatencyTracker latency = new LatencyTracker();
    final AudioPipe pipe = new AudioPipe(100, AudioPipe.Overflow.BLOCK);
    final List<ProtocolLink> stops = new CopyOnWriteArrayList<>();
    final List<String> failures = new CopyOnWriteArrayList<>();
    final AtomicLong lastLatency = new AtomicLong(-1);
    final Sender sender = new Sender(lock, new Sender.Host() {
        @Override
        public void endOfAudio(ProtocolLink link) {
            assertTrue(Thread.holdsLock(lock));
            stops.add(link);
        }

        @Override
        public void failed(String why) {
            failures.add(why);
        }
    }, pipe, 16_000, new Framer(PcmFormat.F32, 64 * 1024), buffer, timeline, latency, () -> lastLatency::set);

    void offer(int chunks) {
        for (int i = 0; i < chunks; i++) {
            pipe.offer(new AudioPipe.Chunk(new float[320], 16_000));
        }
    }

    void ready(ProtocolLink link) {
        synchronized (lock) {
            sender.linkReady(link);
        }
    }

    int buffered() {
        synchronized (lock) {
            return buffer.size();
        }
    }

    @AfterEach
    void end() {
        synchronized (lock) {
            sender.end();
        }
        sender.stop(5_000);
        assertFalse(sender.isAlive(), "the sender thread must end");
    }

    @Test
    void everyFrameIsWrittenInOrderThenTheStopIsAskedOnce() throws Exception {
        FakeLink link = new FakeLink(2);
        offer(50);
        pipe.close();
        sender.start();
        ready(link);
        Await.until(WAIT, "the stop", () -> !stops.isEmpty());
        Thread.sleep(300);
        assertEquals(List.of(link), stops, "asked once");
        assertEquals(50, link.written.size());
        for (int i = 0; i < 50; i++) {
            assertEquals(i, link.written.get(i));
        }
        assertEquals(50, sender.framesSent());
        assertEquals(50, buffered(), "v2 keeps sent frames until the server acknowledges them");
        synchronized (lock) {
            assertEquals(0, buffer.unsent());
            assertEquals(1.0, timeline.audioTime(), 1e-9);
            assertTrue(sender.stopAsked());
        }
        assertTrue(lastLatency.get() >= 0, "the latency hook saw the frames");
    }

    @Test
    void nothingIsSentBeforeALinkIsReadyNorAfterItIsLost() throws Exception {
        FakeLink link = new FakeLink(2);
        sender.start();
        offer(5);
        Thread.sleep(400);
        assertEquals(0, sender.framesSent());
        ready(link);
        Await.until(WAIT, "five frames", () -> link.written.size() == 5);
        synchronized (lock) {
            sender.linkLost();
        }
        offer(5);
        Thread.sleep(400);
        assertEquals(5, link.written.size(), "no link, no sending");
        FakeLink next = new FakeLink(2);
        synchronized (lock) {
            buffer.resendFrom(3); // the server resumed and needs frames from 3 on
            sender.linkReady(next);
        }
        pipe.close();
        Await.until(WAIT, "the stop", () -> !stops.isEmpty());
        assertEquals(List.of(3L, 4L, 5L, 6L, 7L, 8L, 9L), next.written, "resent, then the new audio");
        assertEquals(List.of(next), stops);
    }

    @Test
    void aStopSaidOnADroppedLinkIsSaidAgainOnTheNext() throws Exception {
        FakeLink first = new FakeLink(2);
        offer(3);
        pipe.close();
        sender.start();
        ready(first);
        Await.until(WAIT, "the stop", () -> stops.size() == 1);
        FakeLink second = new FakeLink(2);
        synchronized (lock) {
            sender.linkLost();
            buffer.resendFrom(1);
            sender.linkReady(second);
        }
        Await.until(WAIT, "the second stop", () -> stops.size() == 2);
        assertEquals(List.of(1L, 2L), second.written, "the stop follows the resent frames");
        assertEquals(second, stops.get(1));
    }

    @Test
    void v1ForgetsFramesOnceWritten() throws Exception {
        FakeLink link = new FakeLink(1);
        offer(20);
        pipe.close();
        sender.start();
        ready(link);
        Await.until(WAIT, "the stop", () -> !stops.isEmpty());
        assertEquals(20, link.written.size());
        assertEquals(0, buffered());
    }

    @Test
    void aFailedWriteAbortsTheLinkAndTheFrameStaysToSend() throws Exception {
        FakeLink link = new FakeLink(2);
        link.failures.set(1);
        offer(1);
        sender.start();
        ready(link);
        Await.until(WAIT, "the abort", () -> link.aborts.get() == 1);
        Await.until(WAIT, "the frame, written on the next try", () -> link.written.size() == 1);
        assertEquals(0L, link.written.get(0));
        assertEquals(1, sender.framesSent(), "the failed write is not counted");
    }

    @Test
    void audioAtAnotherRateFailsTheSession() throws Exception {
        sender.start();
        ready(new FakeLink(2));
        pipe.offer(new AudioPipe.Chunk(new float[441], 44_100));
        Await.until(WAIT, "the failure", () -> !failures.isEmpty());
        assertEquals("audio changed rate from 16000 to 44100 Hz mid-session", failures.get(0));
        assertEquals(0, buffered());
    }

    @Test
    void theThreadIsNamedAndEndsWithTheSession() throws Exception {
        sender.start();
        Await.until(WAIT, "the thread", () -> Thread.getAllStackTraces().keySet().stream()
                .anyMatch(t -> t.getName().equals("hark-transport-sender") && t.isDaemon()));
        synchronized (lock) {
            sender.end();
        }
        Await.until(WAIT, "the thread to end", () -> !sender.isAlive());
    }
}
