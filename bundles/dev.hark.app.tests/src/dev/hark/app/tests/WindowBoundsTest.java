package dev.hark.app.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.eclipse.swt.graphics.Rectangle;
import org.junit.jupiter.api.Test;

import dev.hark.app.WindowBounds;

/** The first window's share of the screen, and which remembered bounds are restored. */
@org.junit.jupiter.api.extension.ExtendWith(dev.hark.testing.HangWatchdog.class)
class WindowBoundsTest {

    @Test
    void firstWindowIsEightyPercentCentredAtMostSixteenHundredByOneThousand() {
        assertEquals(new Rectangle(160, 100, 1280, 800), WindowBounds.initial(new Rectangle(0, 0, 1600, 1000)));
        assertEquals(new Rectangle(128, 102, 1024, 819), WindowBounds.initial(new Rectangle(0, 0, 1280, 1024)));
        assertEquals(new Rectangle(1120, 580, 1600, 1000), WindowBounds.initial(new Rectangle(0, 0, 3840, 2160)), "a 4K screen");
        // a second monitor to the right, with a panel at its top
        assertEquals(new Rectangle(1920 + 192, 28 + 105, 1536, 842), WindowBounds.initial(new Rectangle(1920, 28, 1920, 1052)));
    }

    @Test
    void rememberedBoundsComeBackOnlyIfTheyFitAMonitor() {
        Rectangle screen = new Rectangle(0, 0, 1600, 1000);
        Rectangle left = new Rectangle(50, 60, 1200, 760);
        assertEquals(left, WindowBounds.restorable(left, screen));
        assertNull(WindowBounds.restorable(null, screen));
        assertNull(WindowBounds.restorable(new Rectangle(50, 60, 200, 100), screen), "too small to be meant");
        assertNull(WindowBounds.restorable(new Rectangle(2000, 60, 1200, 760), screen), "on a monitor that is gone");
        assertNull(WindowBounds.restorable(new Rectangle(100, -500, 1200, 760), screen), "title bar above the screen");
        Rectangle onSecond = new Rectangle(1700, 100, 1200, 760);
        assertEquals(onSecond, WindowBounds.restorable(onSecond, screen, new Rectangle(1600, 0, 1920, 1080)));
    }
}
