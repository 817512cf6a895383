package dev.hark.engine.ctc.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import org.junit.jupiter.api.Test;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/** The batch thread's two input buffers: taken in turn, native order, exactly the data, and what the step reads. */
class InputBuffersTest {

    @Test
    void twoBuffersInTurnHoldingExactlyTheData() {
        InputBuffers buffers = new InputBuffers();
        ByteBuffer a = buffers.fill(new float[] { 1, 2, 3 });
        ByteBuffer b = buffers.fill(new float[] { 4, 5 });
        assertNotSame(a, b, "the step's buffer is not the one being filled");
        assertTrue(a.isDirect() && a.order() == ByteOrder.nativeOrder());
        assertEquals(0, a.position());
        assertEquals(12, a.limit());
        float[] read = new float[3];
        a.asFloatBuffer().get(read);
        assertArrayEquals(new float[] { 1, 2, 3 }, read);
        assertSame(a, buffers.fill(new float[] { 7 }), "the first again, reused");
        assertEquals(4, a.limit());
        ByteBuffer grown = buffers.fill(new float[100]); // b's turn, too small: replaced
        assertNotSame(b, grown);
        assertEquals(400, grown.limit());
    }

    @Test
    void theStepReadsTheBufferAsItsInput() throws Exception {
        float[] data = { 0.5f, -1, 2, 3, 4, 5 };
        Batches.Prepared prepared = new Batches.Prepared(data, 1, 3, new Shape(1, 2, 3), new int[] { 1 }, new int[][] { { 1 } }, 1.0,
                new InputBuffers().fill(data));
        try (NDManager m = Djl.engine().newBaseManager()) {
            assertArrayEquals(data, prepared.array(m).toFloatArray());
        }
    }
}
