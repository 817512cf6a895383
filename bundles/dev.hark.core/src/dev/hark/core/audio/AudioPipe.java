package dev.hark.core.audio;

import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The bounded hand-over of audio from capture to transport (audio never rides the event bus). One
 * producer, one consumer. When full, the {@link Overflow} policy decides, and every dropped chunk is
 * counted: nothing is lost silently.
 */
public final class AudioPipe {

    /** What a full pipe does with a new chunk. */
    public enum Overflow {
        /** Drop the oldest waiting chunk: live capture, where fresh audio matters more. */
        DROP_OLDEST,
        /** Drop the new chunk. */
        DROP_NEWEST,
        /** Make the producer wait: file replay, where nothing may be lost. */
        BLOCK
    }

    /**
     * Mono samples in [-1, 1].
     *
     * @param samples      the audio
     * @param sampleRate   its rate (Hz)
     * @param capturedAt   System.nanoTime() when its last sample was captured (for latency measurement)
     * @param endOfSpeech  true when the producer knows speech ends with this chunk (file replay of test audio); usually false
     */
    public record Chunk(float[] samples, int sampleRate, long capturedAt, boolean endOfSpeech) {
        public Chunk(float[] samples, int sampleRate) {
            this(samples, sampleRate, System.nanoTime(), false);
        }
    }

    private final ArrayDeque<Chunk> queue = new ArrayDeque<>();
    private final int capacity;
    private final Overflow overflow;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    private final Condition notFull = lock.newCondition();
    private boolean closed;
    private long offered;
    private long delivered;
    private long dropped;
    private long blockedNanos;
    private int highWater;

    public AudioPipe(int capacity, Overflow overflow) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1");
        }
        this.capacity = capacity;
        this.overflow = overflow;
    }

    public Overflow overflow() {
        return overflow;
    }

    public int capacity() {
        return capacity;
    }

    /**
     * Hands a chunk over. Returns false if it was dropped (or the pipe is closed). Under {@link Overflow#BLOCK}
     * waits while the pipe is full; an interrupt drops the chunk and keeps the interrupt status.
     */
    public boolean offer(Chunk chunk) {
        lock.lock();
        try {
            if (closed) {
                return false;
            }
            offered++;
            if (queue.size() >= capacity) {
                switch (overflow) {
                    case DROP_NEWEST -> {
                        dropped++;
                        return false;
                    }
                    case DROP_OLDEST -> {
                        queue.pollFirst();
                        dropped++;
                    }
                    case BLOCK -> {
                        long t0 = System.nanoTime();
                        try {
                            while (queue.size() >= capacity && !closed) {
                                notFull.await();
                            }
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            dropped++;
                            return false;
                        } finally {
                            blockedNanos += System.nanoTime() - t0;
                        }
                        if (closed) {
                            dropped++;
                            return false;
                        }
                    }
                }
            }
            queue.addLast(chunk);
            highWater = Math.max(highWater, queue.size());
            notEmpty.signal();
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** The next chunk, waiting up to {@code timeout}; null on timeout or when closed and drained. */
    public Chunk poll(long timeout, TimeUnit unit) throws InterruptedException {
        lock.lock();
        try {
            long nanos = unit.toNanos(timeout);
            while (queue.isEmpty()) {
                if (closed || nanos <= 0) {
                    return null;
                }
                nanos = notEmpty.awaitNanos(nanos);
            }
            Chunk c = queue.pollFirst();
            delivered++;
            notFull.signal();
            return c;
        } finally {
            lock.unlock();
        }
    }

    /** No more chunks will come; the consumer drains what is left. Wakes a blocked producer. */
    public void close() {
        lock.lock();
        try {
            closed = true;
            notEmpty.signalAll();
            notFull.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Closed and nothing left to read. */
    public boolean isFinished() {
        lock.lock();
        try {
            return closed && queue.isEmpty();
        } finally {
            lock.unlock();
        }
    }

    public Stats stats() {
        lock.lock();
        try {
            return new Stats(offered, delivered, dropped, queue.size(), highWater, blockedNanos / 1_000_000);
        } finally {
            lock.unlock();
        }
    }

    /** Counters since creation. {@code blockedMillis}: total time producers waited (BLOCK): visible backpressure. */
    public record Stats(long offered, long delivered, long dropped, int depth, int highWater, long blockedMillis) {
    }
}
