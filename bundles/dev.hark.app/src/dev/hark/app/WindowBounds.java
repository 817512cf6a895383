package dev.hark.app;

import org.eclipse.swt.graphics.Rectangle;

/**
 * The main window's bounds: on a first start a share of the primary monitor ({@link #SHARE} of it, at most
 * {@link #MAX_WIDTH}x{@link #MAX_HEIGHT}, centred); later the bounds the user left it with, as long as they
 * still fit on a monitor of this display. Pure functions of rectangles, so tests need no window.
 */
public final class WindowBounds {

    public static final double SHARE = 0.8;
    public static final int MAX_WIDTH = 1600;
    public static final int MAX_HEIGHT = 1000;
    /** Smaller than this, a remembered window is a mistake (and is not restored). */
    public static final int MIN_WIDTH = 400;
    public static final int MIN_HEIGHT = 300;

    private WindowBounds() {
    }

    /** The first window on a monitor whose usable area is {@code area}. */
    public static Rectangle initial(Rectangle area) {
        int w = Math.min((int) Math.round(area.width * SHARE), MAX_WIDTH);
        int h = Math.min((int) Math.round(area.height * SHARE), MAX_HEIGHT);
        return new Rectangle(area.x + (area.width - w) / 2, area.y + (area.height - h) / 2, w, h);
    }

    /** Remembered bounds, if sensible and on one of {@code monitors}; else null. */
    public static Rectangle restorable(Rectangle remembered, Rectangle... monitors) {
        if (remembered == null || remembered.width < MIN_WIDTH || remembered.height < MIN_HEIGHT) {
            return null;
        }
        for (Rectangle m : monitors) {
            Rectangle common = m.intersection(remembered);
            // enough of the window (its title bar at least) on this monitor to grab it
            if (common.width >= 100 && common.height >= 50 && remembered.y >= m.y && remembered.y < m.y + m.height) {
                return remembered;
            }
        }
        return null;
    }
}
