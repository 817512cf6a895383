package dev.hark.ui.internal;

import org.eclipse.swt.widgets.Widget;

/** Tags widgets so that tests (and accessibility tools) find them by a stable id. */
public final class Widgets {

    /** The key of {@link dev.hark.core.WidgetIds}, shared with the app's parts. */
    public static final String ID = dev.hark.core.WidgetIds.KEY;

    private Widgets() {
    }

    /** Asks for an audio file Hark can read; null when cancelled. */
    public static String chooseAudioFile(org.eclipse.swt.widgets.Shell shell) {
        org.eclipse.swt.widgets.FileDialog d = new org.eclipse.swt.widgets.FileDialog(shell, org.eclipse.swt.SWT.OPEN);
        d.setFilterExtensions(new String[] { "*.wav;*.aif;*.aiff;*.au", "*.*" });
        return d.open();
    }

    public static <W extends Widget> W tag(W widget, String id) {
        widget.setData(ID, id);
        return widget;
    }
}
