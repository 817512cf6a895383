package dev.hark.ui.internal;

import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.widgets.Canvas;
import org.eclipse.swt.widgets.Composite;

import dev.hark.core.AudioLevel;

/**
 * The Live view's input level: a bar for the RMS level (green, yellow above -18 dBFS, red above -6), a thin
 * bar for the peak, a white tick for the held peak, a scale every 10 dB, and a red "CLIP" light while the
 * input clips (held two seconds). The state is a {@link LevelMeterModel}; {@link #show} repaints.
 */
public final class LevelMeter extends Canvas {

    private static final int HEIGHT = 22;
    private final LevelMeterModel model = new LevelMeterModel();
    private final Color good;
    private final Color loud;
    private final Color hot;
    private final Color back;

    public LevelMeter(Composite parent) {
        super(parent, SWT.DOUBLE_BUFFERED);
        // device-independent colours (SWT 3.115+): nothing to dispose
        good = new Color(46, 160, 67);
        loud = new Color(220, 180, 30);
        hot = new Color(210, 40, 40);
        back = new Color(40, 40, 40);
        addPaintListener(e -> paint(e.gc));
        setToolTipText(Messages.Live_levelTip);
    }

    /** The latest level, or null when there is no input: repaints. */
    public void show(AudioLevel l) {
        if (l == null) {
            model.reset();
        } else {
            model.update(l, System.currentTimeMillis());
        }
        redraw();
    }

    public LevelMeterModel model() {
        return model;
    }

    /** True while the clip light is on (tests read it). */
    public boolean clipping() {
        return model.clipping(System.currentTimeMillis());
    }

    public String describe() {
        return model.describe(System.currentTimeMillis());
    }

    @Override
    public Point computeSize(int wHint, int hHint, boolean changed) {
        return new Point(wHint == SWT.DEFAULT ? 200 : wHint, hHint == SWT.DEFAULT ? HEIGHT : hHint);
    }

    private void paint(GC gc) {
        Rectangle r = getClientArea();
        long now = System.currentTimeMillis();
        int clipWidth = Math.min(44, r.width / 5);
        int w = Math.max(0, r.width - clipWidth - 4);
        gc.setBackground(back);
        gc.fillRectangle(0, 0, w, r.height);
        if (model.active()) {
            // the RMS bar in its zones
            int rms = (int) Math.round(LevelMeterModel.fraction(model.rmsDb()) * w);
            int yellowAt = (int) Math.round(LevelMeterModel.fraction(-18) * w);
            int redAt = (int) Math.round(LevelMeterModel.fraction(-6) * w);
            int top = 3;
            int h = r.height - 9;
            fill(gc, good, 0, Math.min(rms, yellowAt), top, h);
            fill(gc, loud, yellowAt, Math.min(rms, redAt), top, h);
            fill(gc, hot, redAt, rms, top, h);
            // the peak as a thin bar below, the held peak as a tick across
            int peak = (int) Math.round(LevelMeterModel.fraction(model.peakDb()) * w);
            gc.setBackground(LevelMeterModel.zone(model.peakDb()) == LevelMeterModel.Zone.HOT ? hot : good);
            gc.fillRectangle(0, r.height - 5, peak, 3);
            int hold = (int) Math.round(LevelMeterModel.fraction(model.holdAt(now)) * w);
            gc.setBackground(getDisplay().getSystemColor(SWT.COLOR_WHITE));
            gc.fillRectangle(Math.max(0, hold - 2), 1, 2, r.height - 2);
        }
        // the scale: a tick every 10 dB
        gc.setForeground(getDisplay().getSystemColor(SWT.COLOR_GRAY));
        for (int db = -50; db < 0; db += 10) {
            int x = (int) Math.round(LevelMeterModel.fraction(db) * w);
            gc.drawLine(x, 0, x, 2);
            gc.drawLine(x, r.height - 3, x, r.height - 1);
        }
        // the clip light
        boolean clip = model.clipping(now);
        gc.setBackground(clip ? hot : back);
        gc.fillRoundRectangle(r.width - clipWidth, 0, clipWidth, r.height, 6, 6);
        gc.setForeground(getDisplay().getSystemColor(clip ? SWT.COLOR_WHITE : SWT.COLOR_DARK_GRAY));
        Point t = gc.textExtent(Messages.Live_clip);
        gc.drawText(Messages.Live_clip, r.width - clipWidth + Math.max(0, (clipWidth - t.x) / 2), Math.max(0, (r.height - t.y) / 2), true);
    }

    private static void fill(GC gc, Color c, int from, int to, int top, int h) {
        if (to > from) {
            gc.setBackground(c);
            gc.fillRectangle(from, top, to - from, h);
        }
    }
}
