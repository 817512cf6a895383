package dev.hark.ui.internal;

import java.util.concurrent.atomic.AtomicBoolean;

import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Display;

/**
 * Coalesces high-rate updates (levels, partials, progress) onto the UI thread: however many events
 * arrive, {@link #request()} schedules at most one repaint per {@link #INTERVAL_MS} (about 30 a second),
 * with one {@code asyncExec}, never a {@code syncExec}. Event handlers store the latest state in fields
 * and call {@link #request()}; the repaint reads the fields.
 */
public final class UiThrottle {

    public static final int INTERVAL_MS = 33;

    private final Control owner;
    private final Runnable repaint;
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private volatile long repaints;

    public UiThrottle(Control owner, Runnable repaint) {
        this.owner = owner;
        this.repaint = repaint;
    }

    /** Callable from any thread. */
    public void request() {
        if (!scheduled.compareAndSet(false, true)) {
            return;
        }
        Display display = owner.isDisposed() ? null : owner.getDisplay();
        if (display == null || display.isDisposed()) {
            return;
        }
        display.asyncExec(() -> {
            if (owner.isDisposed()) {
                return;
            }
            display.timerExec(INTERVAL_MS, () -> {
                scheduled.set(false);
                if (!owner.isDisposed()) {
                    repaints++;
                    repaint.run();
                }
            });
        });
    }

    /** Repaints so far (tests check the bound). */
    public long repaints() {
        return repaints;
    }
}
