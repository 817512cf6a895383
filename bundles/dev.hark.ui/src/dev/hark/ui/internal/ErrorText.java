package dev.hark.ui.internal;

import org.eclipse.osgi.util.NLS;

import dev.hark.core.services.ServerCallException;

/** How a failed server call reads to the user. */
public final class ErrorText {

    private ErrorText() {
    }

    /** The server's state when it is not ready (in the user's language), else the failure's message. */
    public static String message(Exception e) {
        if (e instanceof ServerCallException.NotReady) {
            return NLS.bind(Messages.Common_serverNotReady, e.getMessage());
        }
        return e.getMessage() == null ? e.toString() : e.getMessage();
    }
}
