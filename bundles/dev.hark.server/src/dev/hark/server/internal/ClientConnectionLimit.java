package dev.hark.server.internal;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;

/**
 * At most {@code max} open connections from one client address (HTTP and WebSocket alike): the connection beyond it
 * is closed as soon as it opens, so one client holding idle or slowly-fed sockets (slowloris) cannot take every
 * connection of the server. Counts endpoints, not connections, since a WebSocket upgrade replaces the connection of
 * an endpoint; an endpoint found closed is forgotten.
 */
final class ClientConnectionLimit implements Connection.Listener {

    private static final Logger LOG = Logger.getLogger("dev.hark.server.connections");

    private final int max;
    private final Map<EndPoint, String> open = new ConcurrentHashMap<>();
    private final Map<String, Integer> perClient = new ConcurrentHashMap<>();

    ClientConnectionLimit(int max) {
        this.max = max;
    }

    int max() {
        return max;
    }

    @Override
    public void onOpened(Connection connection) {
        EndPoint endPoint = connection.getEndPoint();
        String client = address(endPoint.getRemoteSocketAddress());
        if (open.putIfAbsent(endPoint, client) != null) {
            return; // an upgrade: the endpoint is counted already
        }
        int n = perClient.merge(client, 1, Integer::sum);
        if (n > max) {
            purgeClosed();
            n = perClient.getOrDefault(client, 0);
        }
        if (n > max) {
            LOG.log(Level.FINE, "refusing connection {0} of {1} (limit {2})", new Object[] { n, client, max });
            endPoint.close();
            forget(endPoint);
        }
    }

    @Override
    public void onClosed(Connection connection) {
        EndPoint endPoint = connection.getEndPoint();
        if (!endPoint.isOpen()) {
            forget(endPoint);
        }
    }

    private void forget(EndPoint endPoint) {
        String client = open.remove(endPoint);
        if (client != null) {
            perClient.computeIfPresent(client, (k, v) -> v <= 1 ? null : v - 1);
        }
    }

    private void purgeClosed() {
        open.keySet().stream().filter(e -> !e.isOpen()).toList().forEach(this::forget);
    }

    private static String address(SocketAddress a) {
        return a instanceof InetSocketAddress i && i.getAddress() != null ? i.getAddress().getHostAddress() : String.valueOf(a);
    }
}
