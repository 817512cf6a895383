package dev.hark.engine.pocketsphinx.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;

import dev.hark.engine.EngineException;

/**
 * The idle decoders of one model: a stream that ends gives its decoder back here, reset to a new decoder's state
 * ({@link Decoder#reset()}), and the model's next stream takes it instead of creating one. That makes a stream's start
 * immediate when a decoder is idle (creating one re-reads the model: 0.2-0.8 s, one at a time, see
 * {@link Decoder}'s creation lock) and spares the native allocator the ~90 MB of churn per stream.
 *
 * <p>Owned by its {@link PocketsphinxModel}, which closes it with itself; bounded by {@link #bound()} idle decoders
 * (a stream ending when the pool is full frees its decoder); closing it frees every idle decoder, and decoders given
 * back after that are freed too. It runs no thread. Thread-safe.
 */
final class DecoderPool implements AutoCloseable {

    /** System property: idle decoders kept per model (0 turns reuse off). */
    static final String BOUND_PROPERTY = "hark.pocketsphinx.idleDecoders";
    /** Idle decoders kept per model by default: ~90 MB each with the en-us language model. */
    static final int DEFAULT_BOUND = 2;

    private final String owner;
    private final int bound;
    private final Deque<Decoder> idle = new ArrayDeque<>();
    private boolean closed;

    /**
     * @param owner the model's name (for messages)
     * @param bound idle decoders kept at most; 0 keeps none
     */
    DecoderPool(String owner, int bound) {
        if (bound < 0) {
            throw new IllegalArgumentException("idle decoder bound must be >= 0: " + bound);
        }
        this.owner = Objects.requireNonNull(owner, "owner");
        this.bound = bound;
    }

    /** The bound given by {@value #BOUND_PROPERTY}, or {@value #DEFAULT_BOUND}; a bad value is an error that names it. */
    static int configuredBound() throws EngineException {
        String value = System.getProperty(BOUND_PROPERTY);
        if (value == null || value.isBlank()) {
            return DEFAULT_BOUND;
        }
        try {
            int bound = Integer.parseInt(value.strip());
            if (bound >= 0) {
                return bound;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new EngineException(EngineException.Kind.UNAVAILABLE,
                "system property " + BOUND_PROPERTY + " must be a whole number >= 0 (idle decoders per model): " + value);
    }

    /** An idle decoder, already reset, or null when there is none. */
    synchronized Decoder take() {
        return idle.pollFirst();
    }

    /**
     * Takes a decoder back from a stream that is done with it: resets it and keeps it, or frees it when the pool is
     * full or closed or the decoder cannot be reset. The caller must not use it afterwards.
     */
    void release(Decoder decoder) {
        synchronized (this) {
            if (closed || idle.size() >= bound) {
                decoder.close();
                return;
            }
        }
        boolean reusable = decoder.reset(); // native work, outside the pool's lock
        synchronized (this) {
            if (reusable && !closed && idle.size() < bound) {
                idle.addFirst(decoder); // the most recently used first: its memory is the warmest
                return;
            }
        }
        decoder.close();
    }

    /** Idle decoders now. */
    synchronized int idle() {
        return idle.size();
    }

    int bound() {
        return bound;
    }

    String owner() {
        return owner;
    }

    /** Frees every idle decoder; decoders given back later are freed at once. */
    @Override
    public void close() {
        List<Decoder> freed;
        synchronized (this) {
            closed = true;
            freed = new ArrayList<>(idle);
            idle.clear();
        }
        freed.forEach(Decoder::close);
    }
}
