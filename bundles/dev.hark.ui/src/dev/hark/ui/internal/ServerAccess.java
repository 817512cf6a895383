package dev.hark.ui.internal;

import dev.hark.api.HarkApi;
import dev.hark.core.services.ServerService;
import dev.hark.core.services.ServerStatus;

/** The REST client for whatever server the workbench uses right now. */
public final class ServerAccess {

    private ServerAccess() {
    }

    /** A client, or an exception saying why the server cannot be used yet. */
    public static HarkApi api(ServerService server) throws dev.hark.api.HarkApiException {
        ServerStatus s = server.status();
        if (s.state() != ServerStatus.State.RUNNING || s.uri() == null) {
            throw new dev.hark.api.HarkApiException(0, org.eclipse.osgi.util.NLS.bind(Messages.Common_serverNotReady,
                    s.state().name().toLowerCase() + (s.detail().isEmpty() ? "" : ", " + s.detail())));
        }
        return new HarkApi(s.uri(), server.token());
    }
}
