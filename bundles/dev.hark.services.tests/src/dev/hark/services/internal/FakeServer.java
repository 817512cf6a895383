package dev.hark.services.internal;

import java.net.URI;

import dev.hark.core.services.ServerService;
import dev.hark.core.services.ServerStatus;

/** A {@link ServerService} whose status and token the test sets. */
final class FakeServer implements ServerService {

    volatile ServerStatus status = new ServerStatus(false, ServerStatus.State.STARTING, null, "", 0);
    volatile String token;
    volatile int reconfigures;

    FakeServer running(URI uri) {
        status = new ServerStatus(false, ServerStatus.State.RUNNING, uri, "", 0);
        return this;
    }

    @Override
    public ServerStatus status() {
        return status;
    }

    @Override
    public String token() {
        return token;
    }

    @Override
    public void start() {
    }

    @Override
    public void reconfigure() {
        reconfigures++;
    }
}
