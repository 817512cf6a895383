package dev.hark.server.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Refuses every request (REST and WebSocket upgrades alike) that does not carry the server's token, as
 * {@code Authorization: Bearer <token>} or, for browsers' WebSockets which cannot set headers, a
 * {@code token} query parameter. Without a token configured (loopback only) everything passes.
 */
final class TokenGuard extends Handler.Wrapper {

    private final byte[] token;

    TokenGuard(String token, Handler next) {
        super(next);
        this.token = token == null ? null : token.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        if (token == null || authorized(request)) {
            return super.handle(request, response, callback);
        }
        response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, "Bearer");
        dev.hark.server.rest.Exchange.send(response, callback, 401,
                dev.hark.protocol.ProtocolJson.toJson(new dev.hark.protocol.rest.ErrorBody("missing or wrong token: send Authorization: Bearer <token>")));
        return true;
    }

    private boolean authorized(Request request) {
        String header = request.getHeaders().get(HttpHeader.AUTHORIZATION);
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return matches(header.substring(7).strip());
        }
        String query = Request.extractQueryParameters(request).getValue("token");
        return query != null && matches(query);
    }

    private boolean matches(String presented) {
        // constant-time comparison: do not leak the token's prefix through timing
        return MessageDigest.isEqual(token, presented.getBytes(StandardCharsets.UTF_8));
    }
}
