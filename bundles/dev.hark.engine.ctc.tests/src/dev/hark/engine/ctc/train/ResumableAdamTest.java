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

/** A step whose gradients hold a NaN is recognised before it can make every weight NaN. */
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
}
