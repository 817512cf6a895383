package dev.hark.engine.ctc.internal;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CtcTrainerServiceTest {

    /** glibc's largest heap of a per-thread arena (2 x DEFAULT_MMAP_THRESHOLD_MAX on 64-bit systems). */
    private static final long ARENA_HEAP = 64L << 20;

    /**
     * A pad smaller than an arena's heap lets glibc delete the training thread's heaps whole whenever a step's
     * tensors are freed, and make them afresh at the next step (page faults on every step; see
     * {@link CtcTrainerService#ENVIRONMENT}).
     */
    @Test
    void theWorkerKeepsItsArenaHeaps() {
        long pad = Long.parseLong(CtcTrainerService.ENVIRONMENT.getOrDefault("MALLOC_TOP_PAD_", "0"));
        assertTrue(pad >= ARENA_HEAP, "MALLOC_TOP_PAD_ " + pad + " is under a heap (" + ARENA_HEAP + ")");
    }

    /** The thresholds are fixed (which also stops glibc moving them) high enough for a step's tensors. */
    @Test
    void freedTensorsAreNotGivenBackAtOnce() {
        assertTrue(Long.parseLong(CtcTrainerService.ENVIRONMENT.get("MALLOC_TRIM_THRESHOLD_")) >= ARENA_HEAP);
        assertTrue(Long.parseLong(CtcTrainerService.ENVIRONMENT.get("MALLOC_MMAP_THRESHOLD_")) >= 32L << 20);
    }
}
