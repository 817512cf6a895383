package dev.hark.server.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The server's capacity model: at most {@link #capacity()} recognition streams of each model run at once (each
 * holds a decoder and a share of the CPU). Past it a start or resume is refused at once with a busy answer, so
 * that admitted streams keep real time; nothing is ever queued. A permit is taken before a decoder is created
 * and given back when that decoder is freed (stop, close, a dropped v2 connection).
 */
final class StreamAdmission {

    /**
     * Real-time streams one core recognizes with headroom, from bench/server-streaming.sh on pocketsphinx en-us
     * (docs/benchmarks.md): one paced stream costs 0.22-0.25 of a core; 4 streams on 2 cores kept p95 end of speech
     * to final at 0.75 s, 6 did not keep up. So 2 per core.
     */
    static final int STREAMS_PER_CORE = 2;
    /** Native memory one decoder holds (en-us language model), measured: ~91 MB; rounded up. */
    static final long BYTES_PER_STREAM = 128L << 20;
    /** How long a busy client should wait before trying again. */
    static final long RETRY_AFTER_MS = 5_000;

    private final int capacity;
    private final Map<String, AtomicInteger> inUse = new ConcurrentHashMap<>();

    /** @param capacity streams per model; 0 derives it from the cores and memory of this machine */
    StreamAdmission(int capacity) {
        this.capacity = capacity > 0 ? capacity : defaultCapacity();
    }

    /** {@value #STREAMS_PER_CORE} per core, but no more decoders than half of the physical memory holds. */
    static int defaultCapacity() {
        int byCores = Runtime.getRuntime().availableProcessors() * STREAMS_PER_CORE;
        long physical = physicalMemory();
        int byMemory = physical <= 0 ? byCores : (int) Math.max(1, physical / 2 / BYTES_PER_STREAM);
        return Math.max(1, Math.min(byCores, byMemory));
    }

    private static long physicalMemory() {
        if (java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getTotalMemorySize();
        }
        return -1;
    }

    int capacity() {
        return capacity;
    }

    /** The right to run one stream of a model; {@link #close()} gives it back (once, however often it is called). */
    final class Permit implements AutoCloseable {
        private final AtomicInteger counter;
        private final java.util.concurrent.atomic.AtomicBoolean released = new java.util.concurrent.atomic.AtomicBoolean();

        private Permit(AtomicInteger counter) {
            this.counter = counter;
        }

        @Override
        public void close() {
            if (released.compareAndSet(false, true)) {
                counter.decrementAndGet();
            }
        }
    }

    /** Takes a permit for a stream of {@code model}; null (and nothing taken) when all are in use. */
    Permit tryAcquire(String model) {
        AtomicInteger n = inUse.computeIfAbsent(model, m -> new AtomicInteger());
        while (true) {
            int now = n.get();
            if (now >= capacity) {
                return null;
            }
            if (n.compareAndSet(now, now + 1)) {
                return new Permit(n);
            }
        }
    }

    /** Streams of {@code model} running now. */
    int inUse(String model) {
        AtomicInteger n = inUse.get(model);
        return n == null ? 0 : n.get();
    }

    /** Streams of every model running now. */
    int total() {
        return inUse.values().stream().mapToInt(AtomicInteger::get).sum();
    }

    /** The sentence a busy client reads. */
    String busyMessage(String model) {
        return "server busy: all " + capacity + " streams of model \"" + model + "\" are in use; try again in "
                + RETRY_AFTER_MS / 1000 + " s (nothing was queued)";
    }
}
