package dev.hark.app.parts;

import org.eclipse.swt.SWT;

import dev.hark.core.ConnectionState;

/** How a connection state reads and looks, shared by the part and the status line. */
final class ConnectionStateText {

    private ConnectionStateText() {
    }

    /** In the UI language. */
    static String label(ConnectionState state) {
        return dev.hark.ui.internal.StateText.label(state);
    }

    /** An SWT system colour constant: system colours need no disposal. */
    static int color(ConnectionState state) {
        return switch (state) {
            case READY, STREAMING -> SWT.COLOR_DARK_GREEN;
            case CONNECTING, RECONNECTING, STOPPING -> SWT.COLOR_DARK_YELLOW;
            case FAILED -> SWT.COLOR_DARK_RED;
            case IDLE -> SWT.COLOR_DARK_GRAY;
        };
    }
}
