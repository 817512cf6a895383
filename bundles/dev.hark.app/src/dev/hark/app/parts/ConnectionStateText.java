package dev.hark.app.parts;

import org.eclipse.swt.SWT;

import dev.hark.core.ConnectionState;

/** How a connection state reads and looks, shared by the part and the status line. */
final class ConnectionStateText {

    private ConnectionStateText() {
    }

    static String label(ConnectionState state) {
        return switch (state) {
            case IDLE -> "Idle";
            case CONNECTING -> "Connecting";
            case READY -> "Ready";
            case STREAMING -> "Streaming";
            case RECONNECTING -> "Reconnecting";
            case STOPPING -> "Stopping";
            case FAILED -> "Failed";
        };
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
