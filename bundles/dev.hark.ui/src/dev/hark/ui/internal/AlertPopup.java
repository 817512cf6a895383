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
 * them, without a window to act in). Its shell is also marked for e4's {@code ShellActivationListener} to ignore:
 * an unmodelled shell that is activated (as GTK activates a new shell where there is no window manager, or a
 * screenshot does) otherwise switches the application to e4's dialog context, whose bindings leave out the
 * window's (Ctrl+Q), and nothing switches it back until the workbench window is activated anew. Its message
 * label has the id {@code alert.message}.
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

    /** {@code ShellActivationListener.DIALOG_IGNORE_KEY} (internal to e4; its value is the documented key). */
    static final String E4_IGNORE_DIALOG = "org.eclipse.e4.ui.ignoreDialog";

    @Override
    protected void configureShell(Shell newShell) {
        super.configureShell(newShell);
        newShell.setData(E4_IGNORE_DIALOG, Boolean.TRUE);
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
