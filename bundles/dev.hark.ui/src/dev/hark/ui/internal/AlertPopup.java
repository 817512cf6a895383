package dev.hark.ui.internal;

import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.notifications.AbstractNotificationPopup;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Shell;

/**
 * A run alert's popup: JFace's notification popup (bottom right, fades, closes itself after a delay) made with
 * {@code SWT.NO_FOCUS}, so that it never takes the keyboard from the window the user types in (JFace's own
 * {@code NotificationPopup} can be activated when it opens, which left the workbench's key bindings, Ctrl+Q among
 * them, without a window to act in). Its message label has the id {@code alert.message}.
 */
final class AlertPopup extends AbstractNotificationPopup {

    private final String title;
    private final String message;

    AlertPopup(Display display, Shell parent, String title, String message, long delayMillis) {
        super(display, SWT.ON_TOP | SWT.NO_TRIM | SWT.TOOL | SWT.NO_FOCUS);
        this.title = title;
        this.message = message;
        if (parent != null) {
            setParentShell(parent);
        }
        setDelayClose(delayMillis);
    }

    @Override
    protected String getPopupShellTitle() {
        return title;
    }

    @Override
    protected void createContentArea(Composite parent) {
        Label l = Widgets.tag(new Label(parent, SWT.WRAP), "alert.message");
        l.setText(message);
        GridDataFactory.fillDefaults().grab(true, false).hint(320, SWT.DEFAULT).applyTo(l);
    }
}
