package dev.hark.transport.internal;

import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;

/** Stops the shared WebSocket client when {@code dev.hark.transport} stops. */
public final class TransportActivator implements BundleActivator {

    @Override
    public void start(BundleContext context) {
        // the client starts on first use
    }

    @Override
    public void stop(BundleContext context) {
        WebSocketClients.shutdown();
    }
}
