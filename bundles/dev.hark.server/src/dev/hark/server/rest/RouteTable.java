package dev.hark.server.rest;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.eclipse.jetty.http.pathmap.MatchedResource;
import org.eclipse.jetty.http.pathmap.PathMappings;
import org.eclipse.jetty.http.pathmap.ServletPathSpec;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.PathMappingsHandler;
import org.eclipse.jetty.util.Callback;

import dev.hark.protocol.ProtocolJson;
import dev.hark.protocol.rest.ErrorBody;

/**
 * The REST routes, collected from {@link RouteContribution}s: resources by URI template ({@link
 * org.eclipse.jetty.http.pathmap.UriTemplatePathSpec}: exact paths and {@code {name}} variables), each with its
 * methods. {@link #handler()} routes with Jetty's {@link PathMappingsHandler}; whatever no resource matches is
 * answered {@code 404 {"detail": "no route METHOD PATH"}}, a resource's missing method {@code 405}.
 */
public final class RouteTable {

    private final Map<String, ResourceHandler> resources = new TreeMap<>();

    /** Collects the routes of {@code contributions}. */
    public static RouteTable of(List<? extends RouteContribution> contributions) {
        RouteTable table = new RouteTable();
        contributions.forEach(c -> c.contribute(table));
        return table;
    }

    /** The resource at {@code template} (created on first use), to add methods to. */
    public synchronized Resource resource(String template) {
        return new Resource(resources.computeIfAbsent(template, ResourceHandler::new));
    }

    /** Adds methods to one resource. */
    public static final class Resource {
        private final ResourceHandler handler;

        private Resource(ResourceHandler handler) {
            this.handler = handler;
        }

        public Resource get(Endpoint endpoint) {
            return method("GET", endpoint);
        }

        public Resource post(Endpoint endpoint) {
            return method("POST", endpoint);
        }

        public Resource delete(Endpoint endpoint) {
            return method("DELETE", endpoint);
        }

        public Resource method(String method, Endpoint endpoint) {
            handler.add(method, endpoint);
            return this;
        }
    }

    /** Every resource's template with its methods, sorted by template. */
    public synchronized Map<String, Set<String>> routes() {
        Map<String, Set<String>> out = new TreeMap<>();
        resources.forEach((t, r) -> out.put(t, r.methods()));
        return out;
    }

    /** How a request would be routed: 200 (a resource takes the method), 405 (it does not) or 404 (no resource). */
    public record Match(int status, String template, Set<String> allowed) {
    }

    /** Routes {@code method path} without sending anything, as {@link #handler()} would. */
    public synchronized Match match(String method, String path) {
        PathMappings<ResourceHandler> mappings = new PathMappings<>();
        resources.values().forEach(r -> mappings.put(r.spec(), r));
        MatchedResource<ResourceHandler> matched = mappings.getMatched(path);
        if (matched == null) {
            return new Match(404, null, Set.of());
        }
        ResourceHandler r = matched.getResource();
        return new Match(r.methods().contains(method) ? 200 : 405, r.template(), r.methods());
    }

    /** The Jetty handler that routes to the resources, with the JSON 404 behind them. */
    public synchronized Handler handler() {
        // NoContext: a resource sees the request's own context and path, not one narrowed to the matched spec
        PathMappingsHandler mappings = new PathMappingsHandler.NoContext();
        List<ResourceHandler> all = new ArrayList<>(resources.values());
        all.forEach(r -> mappings.addMapping(r.spec(), r));
        mappings.addMapping(new ServletPathSpec("/"), new NoRoute());
        return mappings;
    }

    /** The default mapping: {@code 404 {"detail": "no route METHOD PATH"}}. */
    private static final class NoRoute extends Handler.Abstract.NonBlocking {
        @Override
        public boolean handle(Request request, Response response, Callback callback) {
            Exchange.send(response, callback, 404, ProtocolJson.toJson(new ErrorBody("no route " + ResourceHandler.printable(request.getMethod())
                    + " " + ResourceHandler.printable(ResourceHandler.path(request)))));
            return true;
        }
    }
}
