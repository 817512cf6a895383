package dev.hark.engine.ctc.train;

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
                return adam.gradientsFinite(scope);
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
                assertFalse(adam.gradientsFinite(scope));
            }
            adam.clearGradients(); // what the training loop does on a skip; DJL's zeroGradients() left the NaN in place
            backward(layer, m, 0.5f); // the engine adds this pass's gradients to what was there
            try (NDManager scope = m.newSubManager()) {
                assertTrue(adam.gradientsFinite(scope), "the next batch's gradients must not carry the skipped batch's NaN");
                adam.step(0.01f, scope);
            }
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
                float[] mean = adam.firstMoment(weight).toFloatArray();
                for (float v : mean) {
                    // beta1 = 0.9: after a clipped gradient of -5 the mean is -0.5, after +5 next -0.45 + 0.5 = 0.05
                    assertTrue(Math.abs(v) <= 0.5f + 1e-5f, "first moment " + v + " after a gradient of " + 2 * input);
                }
            }
        }
    }
}
