package dev.hark.ui.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import dev.hark.core.AudioLevel;

/** The level meter's state: dBFS, the held peak and its fall, the clip light and its hold. */
class LevelMeterModelTest {

    private final LevelMeterModel m = new LevelMeterModel();

    @Test
    void levelsInDbfsAndThePeakIsHeldThenFalls() {
        m.update(new AudioLevel(0.1, 0.5, 0, "mic"), 0);
        assertEquals(-20, m.rmsDb(), 0.01);
        assertEquals(-6.02, m.peakDb(), 0.01);
        m.update(new AudioLevel(0.01, 0.05, 0, "mic"), 100);
        assertEquals(-26.02, m.peakDb(), 0.01);
        assertEquals(-6.02, m.holdAt(100), 0.01, "the loud peak is held");
        assertEquals(-6.02, m.holdAt(LevelMeterModel.HOLD_MILLIS), 0.01);
        assertEquals(-6.02 - LevelMeterModel.FALL_DB_PER_SECOND * 0.5, m.holdAt(LevelMeterModel.HOLD_MILLIS + 500), 0.01, "then falls");
        assertEquals(-26.02, m.holdAt(60_000), 0.01, "down to the current peak, not below");
        assertFalse(m.clipping(100));
    }

    @Test
    void clippingLightsAndStaysLitForAWhile() {
        m.update(new AudioLevel(0.7, 1.0, 37, "mic"), 1_000);
        assertTrue(m.clipping(1_000));
        assertEquals(37, m.clippedSamples());
        m.update(new AudioLevel(0.01, 0.02, 0, "mic"), 1_500);
        assertTrue(m.clipping(1_000 + LevelMeterModel.CLIP_MILLIS - 1), "held after the overload");
        assertFalse(m.clipping(1_000 + LevelMeterModel.CLIP_MILLIS));
        m.update(new AudioLevel(0.5, 0.9995, 0, "mic"), 5_000);
        assertTrue(m.clipping(5_000), "a peak at full scale counts though no sample was counted");
        String text = m.describe(5_000);
        assertTrue(text.contains("dBFS") && text.contains("CLIPPING"), text);
    }

    @Test
    void noInputIsAnEmptyDarkMeter() {
        m.update(new AudioLevel(0.7, 1.0, 3, "mic"), 0);
        m.reset();
        assertFalse(m.active());
        assertFalse(m.clipping(1));
        assertEquals("", m.describe(1));
        assertEquals(LevelMeterModel.FLOOR_DB, m.rmsDb());
    }

    @Test
    void scaleAndZones() {
        assertEquals(0, LevelMeterModel.fraction(-120));
        assertEquals(0.5, LevelMeterModel.fraction(-30), 1e-9);
        assertEquals(1, LevelMeterModel.fraction(3));
        assertEquals(LevelMeterModel.Zone.GOOD, LevelMeterModel.zone(-30));
        assertEquals(LevelMeterModel.Zone.LOUD, LevelMeterModel.zone(-10));
        assertEquals(LevelMeterModel.Zone.HOT, LevelMeterModel.zone(-3));
    }
}
