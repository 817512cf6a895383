package dev.hark.engine.ctc.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.ndarray.NDList;

/**
 * A step whose gradients hold a NaN is recognised before it can make every weight NaN, and cleared so that the next
 * step is not skipped too; gradients are clipped from below as well as from above.
 */
class ResumableAdamTest {

    static Engine engine;

    @BeforeAll
    static void engine() {
        engine = Djl.engine();
    }

    private static boolean finiteAfterBackward(float input) {
        try (NDManager m = engine.newBaseManager()) {
            Linear layer = Linear.builder().setUnits(3).build();
            layer.initialize(m, DataType.FLOAT32, new Shape(2, 4));
            List<Parameter> parameters = layer.getParameters().values();
            ResumableAdam adam = new ResumableAdam(parameters, 5f);
            try (NDManager scope = m.newSubManager(); GradientCollector gc = engine.newGradientCollector()) {
                NDArray x = scope.full(new Shape(2, 4), input);
                NDArray y = layer.forward(new ParameterStore(scope, false), new NDList(x), true).head();
                gc.backward(y.sum());
                return adam.step(0.01f, scope);
            }
        }
    }

    @Test
    void finiteGradientsPassAndANaNOneIsCaught() {
        assertTrue(finiteAfterBackward(0.5f));
        assertFalse(finiteAfterBackward(Float.NaN), "a NaN input makes the weights' gradients NaN");
        assertFalse(finiteAfterBackward(Float.POSITIVE_INFINITY));
    }

    /** One forward and backward pass of {@code layer} on a {@code (2, 4)} input of {@code value}, gradients accumulating. */
    private static void backward(Linear layer, NDManager m, float value) {
        try (NDManager scope = m.newSubManager(); GradientCollector gc = engine.newGradientCollector()) {
            NDArray x = scope.full(new Shape(2, 4), value);
            gc.backward(layer.forward(new ParameterStore(scope, false), new NDList(x), true).head().sum());
        }
    }

    @Test
    void aSkippedNonFiniteStepDoesNotPoisonTheNextOne() {
        try (NDManager m = engine.newBaseManager()) {
            Linear layer = Linear.builder().setUnits(3).build();
            layer.initialize(m, DataType.FLOAT32, new Shape(2, 4));
            ResumableAdam adam = new ResumableAdam(layer.getParameters().values(), 5f);
            backward(layer, m, Float.NaN);
            try (NDManager scope = m.newSubManager()) {
                assertFalse(adam.step(0.01f, scope), "a NaN gradient is not applied");
            }
            assertEquals(0, adam.steps());
            backward(layer, m, 0.5f); // the engine adds this pass's gradients to what was there
            try (NDManager scope = m.newSubManager()) {
                assertTrue(adam.step(0.01f, scope), "the next batch's gradients must not carry the skipped batch's NaN");
            }
            assertEquals(1, adam.steps());
            for (Parameter p : layer.getParameters().values()) {
                try (NDManager scope = m.newSubManager()) {
                    NDArray w = p.getArray().duplicate();
                    w.attach(scope);
                    assertTrue(Float.isFinite(w.sum().getFloat()), p.getName() + " stays finite");
                }
            }
        }
    }

    @Test
    void gradientsAreClippedFromBelowAsFromAbove() {
        try (NDManager m = engine.newBaseManager()) {
            Linear layer = Linear.builder().setUnits(3).build();
            layer.initialize(m, DataType.FLOAT32, new Shape(2, 4));
            List<Parameter> parameters = layer.getParameters().values();
            ResumableAdam adam = new ResumableAdam(parameters, 5f);
            for (float input : new float[] { -1000f, 1000f }) {
                backward(layer, m, input); // d sum / d weight = the inputs summed over the batch: -2000, then +2000
                try (NDManager scope = m.newSubManager()) {
                    adam.step(0.001f, scope);
                }
                int weight = parameters.indexOf(layer.getParameters().get("weight"));
                float[] mean = adam.firstMoment(weight);
                for (float v : mean) {
                    // beta1 = 0.9: after a clipped gradient of -5 the mean is -0.5, after +5 next -0.45 + 0.5 = 0.05
                    assertTrue(Math.abs(v) <= 0.5f + 1e-5f, "first moment " + v + " after a gradient of " + 2 * input);
                }
            }
        }
    }

    /** The host update is the formula of the engine's Adam kernel (DJL's adamUpdate), step after step. */
    @Test
    void theHostUpdateIsTheEngineKernels() {
        java.util.Random random = new java.util.Random(7);
        int n = 1000;
        float[] w = new float[n], m = new float[n], v = new float[n];
        for (int k = 0; k < n; k++) {
            w[k] = (float) random.nextGaussian();
        }
        try (NDManager nd = engine.newBaseManager()) {
            NDArray ew = nd.create(w.clone()), em = nd.zeros(new Shape(n)), ev = nd.zeros(new Shape(n));
            for (int step = 1; step <= 5; step++) {
                float[] g = new float[n];
                for (int k = 0; k < n; k++) {
                    g[k] = (float) (3 * random.nextGaussian()); // some beyond the clip: the kernel clips from above only,
                }
                float[] clipped = new float[n];
                for (int k = 0; k < n; k++) {
                    clipped[k] = Math.max(-5f, Math.min(5f, g[k])); // so it gets them clipped from below already
                }
                float corrected = (float) (0.01 * Math.sqrt(1 - Math.pow(0.999, step)) / (1 - Math.pow(0.9, step)));
                ew.getNDArrayInternal().adamUpdate(new NDList(ew, nd.create(clipped), em, ev), new NDList(ew), 0.01f, corrected, 0f, 1f,
                        5f, 0.9f, 0.999f, 1e-8f, true, false);
                ResumableAdam.update(w, g, m, v, corrected, 5f);
                float[] expected = ew.toFloatArray();
                float[] expectedMean = em.toFloatArray();
                for (int k = 0; k < n; k++) {
                    assertEquals(expected[k], w[k], 1e-6f, "weight " + k + " at step " + step);
                    assertEquals(expectedMean[k], m[k], 1e-6f, "first moment " + k + " at step " + step);
                }
            }
        }
    }

    /** A step writes the engine's weights in place, and the state saved with a checkpoint comes back whole. */
    @Test
    void stepsReachTheEngineAndTheStateSurvivesSaveAndLoad() throws Exception {
        try (NDManager m = engine.newBaseManager()) {
            Linear layer = Linear.builder().setUnits(3).build();
            layer.initialize(m, DataType.FLOAT32, new Shape(2, 4));
            List<Parameter> parameters = layer.getParameters().values();
            ResumableAdam adam = new ResumableAdam(parameters, 5f);
            float[] before = parameters.get(0).getArray().toFloatArray();
            backward(layer, m, 0.5f);
            try (NDManager scope = m.newSubManager()) {
                assertTrue(adam.step(0.01f, scope));
            }
            float[] after = parameters.get(0).getArray().toFloatArray();
            assertFalse(java.util.Arrays.equals(before, after), "the update reaches the engine's weights");
            for (Parameter p : parameters) {
                assertEquals(0f, p.getArray().getGradient().abs().sum().getFloat(), "gradients cleared after a step");
            }
            java.io.ByteArrayOutputStream saved = new java.io.ByteArrayOutputStream();
            adam.save(saved);
            ResumableAdam restored = new ResumableAdam(parameters, 5f);
            restored.load(m, new java.io.ByteArrayInputStream(saved.toByteArray()));
            assertEquals(1, restored.steps());
            for (int i = 0; i < parameters.size(); i++) {
                org.junit.jupiter.api.Assertions.assertArrayEquals(adam.firstMoment(i), restored.firstMoment(i));
            }
        }
    }

    /** A weight Adam could not write in place (a transposed view: not contiguous) is refused, not silently left alone. */
    @Test
    void aParameterThatIsNotContiguousIsRefused() {
        try (NDManager m = engine.newBaseManager()) {
            ai.djl.pytorch.engine.PtNDArray plain = (ai.djl.pytorch.engine.PtNDArray) m.create(new float[] { 1, 2, 3, 4, 5, 6 }, new Shape(2, 3));
            ResumableAdam.checkWritesThrough(plain);
            org.junit.jupiter.api.Assertions.assertArrayEquals(new float[] { 1, 2, 3, 4, 5, 6 }, plain.toFloatArray(), "left as it was");
            ai.djl.pytorch.engine.PtNDArray transposed = (ai.djl.pytorch.engine.PtNDArray) plain.transpose();
            org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class, () -> ResumableAdam.checkWritesThrough(transposed));
        }
    }
}
