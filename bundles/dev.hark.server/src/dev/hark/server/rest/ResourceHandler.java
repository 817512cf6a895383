package dev.hark.server.rest;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.pathmap.UriTemplatePathSpec;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import dev.hark.protocol.ProtocolJson;
import dev.hark.protocol.rest.ErrorBody;

/**
 * One REST resource (a URI template such as {@code /api/models/{name}}) and what each HTTP method does there. A method
 * it does not offer is answered {@code 405} with an {@code Allow} header; an endpoint's exception is answered as
 * {@link ErrorMapping} says.
 */
final class ResourceHandler extends Handler.Abstract {

    private static final Logger LOG = Logger.getLogger(ResourceHandler.class.getName());

    private final UriTemplatePathSpec spec;
    private final Map<String, Endpoint> methods = new LinkedHashMap<>();

    ResourceHandler(String template) {
        this.spec = new UriTemplatePathSpec(template);
    }

    UriTemplatePathSpec spec() {
        return spec;
    }

    String template() {
        return spec.getDeclaration();
    }

    synchronized void add(String method, Endpoint endpoint) {
        if (methods.putIfAbsent(method, endpoint) != null) {
            throw new IllegalStateException(method + " " + template() + " is contributed twice");
        }
    }

    synchronized Set<String> methods() {
        return Set.copyOf(methods.keySet());
    }

    private synchronized String allowed() {
        return String.join(", ", methods.keySet());
    }

    /** The request's path within its context, decoded ({@link RouteTable} routes without narrowing the context). */
    static String path(Request request) {
        return Request.getPathInContext(request);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        String path = path(request);
        Endpoint endpoint;
        synchronized (this) {
            endpoint = methods.get(request.getMethod());
        }
        if (endpoint == null) {
            response.getHeaders().put(HttpHeader.ALLOW, allowed());
            Exchange.send(response, callback, 405, ProtocolJson.toJson(new ErrorBody("method " + printable(request.getMethod())
                    + " not allowed on " + printable(path) + "; allowed: " + allowed())));
            return true;
        }
        Exchange exchange = new Exchange(request, response, callback, spec.getPathParams(path));
        try {
            endpoint.handle(exchange);
        } catch (Throwable failure) {
            fail(exchange, failure);
        }
        return true;
    }

    private static void fail(Exchange exchange, Throwable failure) {
        int status = ErrorMapping.status(failure);
        if (status == 500) {
            LOG.log(Level.WARNING, "internal error on " + exchange.request().getMethod() + " "
                    + printable(path(exchange.request())), failure);
        }
        if (exchange.response().isCommitted()) {
            exchange.callback().failed(failure); // a streamed answer broke off: all we can do is abort it
        } else {
            if (failure instanceof HttpError e) {
                e.headers().forEach((name, value) -> exchange.response().getHeaders().put(name, value));
            }
            exchange.error(status, ErrorMapping.detail(failure));
        }
    }

    /** Cut short and stripped of control characters, safe to echo in a message. */
    static String printable(String s) {
        if (s == null) {
            return "null";
        }
        String c = s.codePoints().filter(cp -> !Character.isISOControl(cp))
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
        return c.length() > 80 ? c.substring(0, 80) + "..." : c;
    }
}
