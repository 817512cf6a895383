package dev.hark.transport.internal;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

import dev.hark.core.audio.AudioPipe;

/**
 * The sending half of one session, on its own "hark-transport-sender" thread: it writes the frames waiting
 * in the {@link ResendBuffer} to the ready link, in order, one at a time (each write is awaited, so a slow
 * server slows the pipe down); when none wait it takes the next chunk from the pipe and cuts it into
 * frames; once the pipe is finished and every frame is written, it asks its {@link Host} to end the stream,
 * once per connection (a stop said on a dropped connection is said again after the resend).
 *
 * <p>Its state (the ready link, whether the stop was asked, whether the session ended) is guarded by the
 * session's lock, which it shares with the buffer, timeline and latency tracker it writes to. The session
 * calls {@link #linkReady}, {@link #linkLost} and {@link #end} holding that lock.
 *
 * <p>Owned by the session: {@link #start()} once; the thread ends by itself after {@link #end()}, and
 * {@link #stop(long)} interrupts and joins it when the client closes.
 */
public final class Sender {

    private static final Logger LOG = Logger.getLogger(Sender.class.getName());
    static final long POLL_MILLIS = 50;
    static final long WAIT_MILLIS = 200;

    /** The session's side. */
    public interface Host {

        /** Every frame was written on {@code link} and the pipe is finished: say stop. Called holding the lock. */
        void endOfAudio(ProtocolLink link);

        /** The audio cannot be sent (or the sender broke): fail the session. Called without the lock. */
        void failed(String why);
    }

    private final Object lock;
    private final Host host;
    private final AudioPipe pipe;
    private final int rate;
    private final Framer framer;
    private final ResendBuffer buffer;
    private final SessionTimeline timeline;
    private final LatencyTracker latency;
    private final Supplier<LongConsumer> latencyListener;
    private final AtomicLong framesSent = new AtomicLong();
    private final Thread thread;

    // ---- guarded by lock ----
    private ProtocolLink link;
    private boolean stopAsked;
    private boolean ended;

    /**
     * @param lock            the session's lock, guarding this sender's state and {@code buffer},
     *                        {@code timeline} and {@code latency}
     * @param rate            the sample rate every chunk must have
     * @param latencyListener read once per frame written; a listener it returns receives the nanoseconds
     *                        from the frame's capture to the end of its write
     */
    public Sender(Object lock, Host host, AudioPipe pipe, int rate, Framer framer, ResendBuffer buffer, SessionTimeline timeline,
            LatencyTracker latency, Supplier<LongConsumer> latencyListener) {
        this.lock = lock;
        this.host = host;
        this.pipe = pipe;
        this.rate = rate;
        this.framer = framer;
        this.buffer = buffer;
        this.timeline = timeline;
        this.latency = latency;
        this.latencyListener = latencyListener;
        this.thread = new Thread(this::run, "hark-transport-sender");
        thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    /** {@code l} is ready for audio: sending (and the stop, if due) continues on it. Caller holds the lock. */
    public void linkReady(ProtocolLink l) {
        link = l;
        stopAsked = false;
        lock.notifyAll();
    }

    /** The ready link is gone: sending waits for the next. Caller holds the lock. */
    public void linkLost() {
        link = null;
        lock.notifyAll();
    }

    /** The session ended: the thread ends. Caller holds the lock. */
    public void end() {
        ended = true;
        link = null;
        lock.notifyAll();
    }

    /** True once the stop was asked on the current link. Caller holds the lock. */
    public boolean stopAsked() {
        return stopAsked;
    }

    /** Frames written so far (resent frames count again). */
    public long framesSent() {
        return framesSent.get();
    }

    /** Interrupts the thread and waits up to {@code millis} for it to end. */
    public void stop(long millis) {
        thread.interrupt();
        try {
            thread.join(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public boolean isAlive() {
        return thread.isAlive();
    }

    private void run() {
        try {
            while (true) {
                ProtocolLink target;
                ResendBuffer.Frame frame;
                synchronized (lock) {
                    while (!ended && link == null) {
                        lock.wait(WAIT_MILLIS);
                    }
                    if (ended) {
                        return;
                    }
                    target = link;
                    frame = buffer.nextToSend();
                    if (frame == null && stopAsked) {
                        lock.wait(WAIT_MILLIS); // the end is on its way
                        continue;
                    }
                }
                if (frame != null) {
                    send(target, frame);
                    continue;
                }
                AudioPipe.Chunk chunk = pipe.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
                if (chunk != null) {
                    enqueue(chunk);
                } else if (pipe.isFinished()) {
                    finish();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "sender failed", e);
            host.failed("internal error: " + e);
        }
    }

    private void send(ProtocolLink target, ResendBuffer.Frame frame) throws InterruptedException {
        try {
            target.sendAudio(frame.seq(), frame.pcm());
        } catch (IOException e) {
            // the connection is going away: its close callback starts the reconnect
            target.abort();
            synchronized (lock) {
                lock.wait(POLL_MILLIS);
            }
            return;
        }
        LongConsumer listener = latencyListener.get();
        if (listener != null) {
            listener.accept(System.nanoTime() - frame.capturedAt());
        }
        framesSent.incrementAndGet();
        synchronized (lock) {
            if (link == target && buffer.markSent(frame.seq())) {
                if (target.version() == 1) {
                    buffer.releaseSent(); // v1 never resends
                }
                latency.sent(frame.endTime());
            }
        }
    }

    private void enqueue(AudioPipe.Chunk chunk) {
        if (chunk.sampleRate() != rate) {
            host.failed("audio changed rate from " + rate + " to " + chunk.sampleRate() + " Hz mid-session");
            return;
        }
        var pieces = framer.cut(chunk.samples()); // encoded outside the lock
        synchronized (lock) {
            for (int i = 0; i < pieces.size() && !ended; i++) {
                Framer.Piece p = pieces.get(i);
                buffer.append(p.pcm(), timeline.audioAdded((double) p.samples() / rate), chunk.capturedAt());
            }
        }
    }

    private void finish() {
        synchronized (lock) {
            if (!ended && link != null && !stopAsked && buffer.unsent() == 0) {
                stopAsked = true;
                host.endOfAudio(link);
            }
        }
    }
}
