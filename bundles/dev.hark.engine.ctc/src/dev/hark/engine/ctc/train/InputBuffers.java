package dev.hark.engine.ctc.train;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Two native buffers the batch thread fills in turn with a prepared batch's input, which the training step then hands
 * to libtorch as its memory (a direct buffer in native order: DJL wraps it, no copy). Without them every step allocated,
 * zeroed and copied a new direct buffer of up to a few MB on the training thread and left it to the collector.
 * <p>
 * Two are enough because the loop submits batch {@code i + 2} only after step {@code i} has ended (its arrays closed):
 * the batch thread writes one buffer while the step reads the other. A buffer grows when a batch needs more, never
 * shrinks.
 */
final class InputBuffers {

    private final ByteBuffer[] buffers = new ByteBuffer[2];
    private int next;

    /** {@code data} copied into the next buffer, which is returned positioned at 0 with its limit at the data's end. */
    synchronized ByteBuffer fill(float[] data) {
        int i = next;
        next = 1 - next;
        int bytes = Math.multiplyExact(data.length, Float.BYTES);
        ByteBuffer b = buffers[i];
        if (b == null || b.capacity() < bytes) {
            b = ByteBuffer.allocateDirect(bytes).order(ByteOrder.nativeOrder());
            buffers[i] = b;
        }
        b.clear();
        b.asFloatBuffer().put(data);
        b.limit(bytes);
        return b;
    }
}
