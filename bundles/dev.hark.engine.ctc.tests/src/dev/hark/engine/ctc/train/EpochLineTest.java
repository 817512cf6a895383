package dev.hark.engine.ctc.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import java.util.List;

import dev.hark.protocol.training.ValidationResult;

class EpochLineTest {

    @Test
    void withAndWithoutValidation() {
        assertEquals("epoch 3/24: train loss 0.1235", TrainingRun.epochLine(3, 24, 0.123456, null));
        ValidationResult v = new ValidationResult(24, 0.5, 0.25, null, 10, List.of());
        assertEquals("epoch 24/24: train loss 0.1000, validation loss 0.5000, CER 25.00 %", TrainingRun.epochLine(24, 24, 0.1, v));
    }

    @Test
    void nonFiniteValidationIsReportedNotThrown() {
        ValidationResult v = new ValidationResult(2, Double.NaN, 1.0, null, 10, List.of());
        assertEquals("epoch 2/2: train loss NaN, validation loss NaN, CER 100.00 %", TrainingRun.epochLine(2, 2, Double.NaN, v));
    }
}
