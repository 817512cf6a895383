package dev.hark.engine.ctc.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import com.google.gson.JsonNull;
import com.google.gson.JsonObject;

class EpochLineTest {

    @Test
    void withAndWithoutValidation() {
        assertEquals("epoch 3/24: train loss 0.1235", TrainingRun.epochLine(3, 24, 0.123456, null));
        JsonObject v = new JsonObject();
        v.addProperty("val_loss", 0.5);
        v.addProperty("cer", 0.25);
        assertEquals("epoch 24/24: train loss 0.1000, validation loss 0.5000, CER 25.00 %", TrainingRun.epochLine(24, 24, 0.1, v));
    }

    @Test
    void nonFiniteValidationIsReportedNotThrown() {
        JsonObject v = new JsonObject();
        v.add("val_loss", JsonNull.INSTANCE);
        v.addProperty("cer", 1.0);
        assertEquals("epoch 2/2: train loss NaN, validation loss NaN, CER 100.00 %", TrainingRun.epochLine(2, 2, Double.NaN, v));
    }
}
