package dev.hark.tensorboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hark.tensorboard.internal.ScalarColumn;

import org.junit.jupiter.api.Test;

class ScalarColumnTest {

    @Test
    void keepsEveryPointUpToItsCapacity() {
        ScalarColumn c = new ScalarColumn(64);
        for (int i = 0; i < 64; i++) {
            c.add(i, 1_700_000_000.5 + i, i * 0.5);
        }
        assertEquals(64, c.size());
        assertFalse(c.thinned());
        assertEquals(63, c.step(63));
        assertEquals(1_700_000_063.5, c.wallTime(63), 1e-3, "wall times keep sub-second precision");
        assertEquals(31.5, c.value(63), 0);
    }

    @Test
    void pastItsCapacityItThinsEvenlyAndStaysBounded() {
        ScalarColumn c = new ScalarColumn(100);
        for (int i = 0; i < 1_000_000; i++) {
            c.add(i, i, i);
        }
        assertTrue(c.size() <= 100 && c.size() > 25, c.size() + " points");
        assertEquals(1_000_000, c.seen());
        assertTrue(c.thinned());
        long stride = c.step(1) - c.step(0);
        for (int i = 1; i < c.size(); i++) {
            assertEquals(stride, c.step(i) - c.step(i - 1), "even spacing at " + i);
            assertEquals(c.step(i), c.value(i), 0);
        }
        assertEquals(0, c.step(0));
    }
}
