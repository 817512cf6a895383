package dev.hark.engine.ctc.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LearningRateScheduleTest {

    static final double PEAK = 1e-3;

    @Test
    void warmsUpLinearlyToThePeak() {
        LearningRateSchedule s = LearningRateSchedule.of(PEAK, 100, 1000);
        assertEquals(PEAK / 100, s.at(0), 1e-15);
        assertEquals(PEAK / 2, s.at(49), 1e-15);
        assertEquals(PEAK, s.at(99), 1e-15);
    }

    @Test
    void decaysAlongACosineToTenPercent() {
        LearningRateSchedule s = LearningRateSchedule.of(PEAK, 100, 1000);
        assertEquals(PEAK, s.at(100), 1e-15);
        assertEquals(PEAK * 0.55, s.at(550), 1e-12); // half way: cosine term 0.5
        assertEquals(PEAK * 0.1, s.at(1000), 1e-15);
        assertEquals(PEAK * 0.1, s.at(5000), 1e-15, "past the end it stays at the floor");
        for (long step = 100; step < 1000; step++) {
            assertTrue(s.at(step + 1) <= s.at(step), "not decreasing at " + step);
        }
    }

    @Test
    void automaticWarmupIsTenPercentBetweenOneAndTwoHundred() {
        assertEquals(100, LearningRateSchedule.of(PEAK, -1, 1000).warmup());
        assertEquals(200, LearningRateSchedule.of(PEAK, -1, 100_000).warmup());
        assertEquals(1, LearningRateSchedule.of(PEAK, -1, 5).warmup());
        assertEquals(1, LearningRateSchedule.of(PEAK, -1, 0).warmup());
        assertEquals(7, LearningRateSchedule.of(PEAK, 7, 100_000).warmup(), "an explicit warm-up is kept");
    }

    @Test
    void withoutWarmupTheFirstStepRunsAtThePeak() {
        LearningRateSchedule s = LearningRateSchedule.of(PEAK, 0, 10);
        assertEquals(PEAK, s.at(0), 1e-15);
        assertEquals(PEAK * 0.1, s.at(10), 1e-15);
    }

    @Test
    void runShorterThanTheWarmupEndsAtTheFloor() {
        LearningRateSchedule s = LearningRateSchedule.of(PEAK, 50, 20);
        assertEquals(PEAK / 50, s.at(0), 1e-15);
        assertEquals(PEAK * 20 / 50, s.at(19), 1e-15);
        assertEquals(PEAK * 0.1, s.at(50), 1e-15);
    }
}
