package dev.hark.transport.internal;

import java.net.URI;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntFunction;

import org.eclipse.jetty.websocket.api.exceptions.UpgradeException;
import org.eclipse.jetty.websocket.client.ClientUpgradeRequest;

import dev.hark.protocol.V2;
import dev.hark.transport.ClientSettings;

/**
 * Opens one session's connections over the shared {@link WebSocketClients} client: which endpoint each
 * protocol version has, which versions to try (v2, then v1 where v2 is not there), and how a failure reads.
 */
public final class Connector {

    /** The outcome of one attempt: a link ({@code link != null}), a refusal not worth retrying, or a failure to retry. */
    public record Result(ProtocolLink link, int version, String refused, Exception failure) {
    }

    private final ClientSettings settings;

    public Connector(ClientSettings settings) {
        this.settings = settings;
    }

    /** The WebSocket address of {@code version} on the configured server. */
    public URI endpoint(int version) {
        URI s = settings.server();
        String scheme = switch (s.getScheme()) {
            case "https", "wss" -> "wss";
            default -> "ws";
        };
        String path = s.getPath() == null ? "" : s.getPath();
        if (path.endsWith("/ws") || path.endsWith(V2.PATH)) {
            path = path.substring(0, path.lastIndexOf(path.endsWith("/ws") ? "/ws" : V2.PATH));
        }
        return URI.create(scheme + "://" + s.getRawAuthority() + path + (version == 2 ? V2.PATH : "/ws"));
    }

    /**
     * The versions to try, best first: the setting when it names one; else the version a session already
     * spoke ({@code known}, 0 before the first connection); else an address ending in {@code /v2/stream}
     * means v2 only; else v1 alone for a server known to have no v2 ({@link NoV2Servers}), and v2 then v1 for
     * the rest, a {@code ws://host:port/ws} address included (users paste the v1 address they know; a Hark
     * server behind it still offers v2 and its resume).
     */
    public int[] versionsToTry(int known) {
        String path = settings.server().getPath() == null ? "" : settings.server().getPath();
        if (settings.protocol() == ClientSettings.Protocol.V1) {
            return new int[] { 1 };
        }
        if (path.endsWith(V2.PATH) || settings.protocol() == ClientSettings.Protocol.V2) {
            return new int[] { 2 };
        }
        if (known != 0) {
            return new int[] { known };
        }
        return NoV2Servers.known(endpoint(2)) ? new int[] { 1 } : new int[] { 2, 1 };
    }

    /**
     * One connection attempt, blocking up to the connect timeout per version. {@code links} makes the
     * link for a version. An interrupted attempt returns null.
     */
    public Result connect(int known, IntFunction<ProtocolLink> links) {
        Exception failure = null;
        for (int version : versionsToTry(known)) {
            URI uri = endpoint(version);
            ProtocolLink candidate = links.apply(version);
            ClientUpgradeRequest request = new ClientUpgradeRequest(uri);
            if (settings.token() != null) {
                request.setHeader("Authorization", "Bearer " + settings.token());
            }
            try {
                WebSocketClients.shared().connect(candidate, uri, request)
                        .get(WebSocketClients.CONNECT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                return new Result(candidate, version, null, null);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            } catch (Exception e) {
                failure = e;
                int status = e.getCause() instanceof UpgradeException up ? up.getResponseStatusCode() : 0;
                if (status == 401) {
                    return new Result(null, version, "the server refused the token (HTTP 401)", e);
                }
                if (status == 0) {
                    break; // no HTTP answer (unreachable, timed out): trying another path will not help
                }
                if (version == 2) {
                    // any answer but 101 to the v2 upgrade (asr-test: 403; others 404, 400) means "no v2 here"
                    NoV2Servers.remember(uri);
                }
            }
        }
        return new Result(null, 0, null, failure);
    }

    /** A failure in one line for the user. */
    public static String describe(Throwable t) {
        if (t == null) {
            return "unknown error";
        }
        Throwable c = t;
        while (c.getCause() != null && (c instanceof ExecutionException || c instanceof CompletionException)) {
            c = c.getCause();
        }
        if (c instanceof UpgradeException up && up.getResponseStatusCode() > 0) {
            return "HTTP " + up.getResponseStatusCode() + " from " + up.getRequestURI();
        }
        if (c instanceof TimeoutException) {
            return "no answer within " + WebSocketClients.CONNECT_TIMEOUT.toSeconds() + " s";
        }
        String m = c.getMessage();
        return c.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    }
}
