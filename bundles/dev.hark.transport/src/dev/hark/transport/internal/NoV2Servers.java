package dev.hark.transport.internal;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The servers in this JVM known to have no protocol v2: their {@code /v2/stream} upgrade was answered with
 * anything but 101 (asr-test answers 403, other servers 404 or 400). Sessions to them go straight to
 * {@code /ws} instead of asking again on every connection. Keyed by the v2 endpoint; at most
 * {@link #MAX_SERVERS} remembered (the oldest forgotten first). Thread-safe.
 */
public final class NoV2Servers {

    static final int MAX_SERVERS = 64;

    private static final Map<URI, Boolean> KNOWN = new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<URI, Boolean> eldest) {
            return size() > MAX_SERVERS;
        }
    };

    private NoV2Servers() {
    }

    public static synchronized void remember(URI v2Endpoint) {
        KNOWN.put(v2Endpoint, Boolean.TRUE);
    }

    public static synchronized boolean known(URI v2Endpoint) {
        return KNOWN.containsKey(v2Endpoint);
    }

    /** Forgets every server (tests; a server that was upgraded). */
    public static synchronized void clear() {
        KNOWN.clear();
    }
}
