package dev.hark.ui.internal;

import org.eclipse.swt.widgets.Widget;

/** Tags widgets so that tests (and accessibility tools) find them by a stable id. */
public final class Widgets {

    /** Same key as the app's parts use. */
    public static final String ID = "hark.widget";

    private Widgets() {
    }

    public static <W extends Widget> W tag(W widget, String id) {
        widget.setData(ID, id);
        return widget;
    }
}
