package dev.hark.ui.internal;

import org.eclipse.osgi.util.NLS;

import dev.hark.core.services.ServerCallException;

/** How a failed server call reads to the user. */
public final class ErrorText {

    /** How the REST client words a route the server lacks (dev.hark.api's HarkApiException.NOT_SUPPORTED). */
    static final String NOT_SUPPORTED = "not supported by this server";

    private ErrorText() {
    }

    /** The server's state when it is not ready (in the user's language), else the failure's message. */
    public static String message(Exception e) {
        if (e instanceof ServerCallException.NotReady) {
            return NLS.bind(Messages.Common_serverNotReady, e.getMessage());
        }
        String m = e.getMessage() == null ? e.toString() : e.getMessage();
        if (m.startsWith(NOT_SUPPORTED)) { // an older (asr-test) server lacks the route: say so in the user's language
            return Messages.Common_notSupported + m.substring(NOT_SUPPORTED.length());
        }
        return m;
    }
}
