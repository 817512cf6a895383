package dev.hark.server.rest;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;

import dev.hark.protocol.ProtocolException;
import dev.hark.protocol.ProtocolJson;
import dev.hark.protocol.rest.ErrorBody;

/**
 * One request to an {@link Endpoint}: the Jetty request, response and callback, the resource's path variables, and
 * the JSON edges — request bodies read into records with {@link ProtocolJson}, records written as replies.
 */
public final class Exchange {

    /** Largest JSON body accepted (1 MiB). */
    public static final int MAX_JSON_BYTES = 1 << 20;

    private final Request request;
    private final Response response;
    private final Callback callback;
    private final Map<String, String> pathParams;

    Exchange(Request request, Response response, Callback callback, Map<String, String> pathParams) {
        this.request = request;
        this.response = response;
        this.callback = callback;
        this.pathParams = pathParams == null ? Map.of() : pathParams;
    }

    public Request request() {
        return request;
    }

    public Response response() {
        return response;
    }

    public Callback callback() {
        return callback;
    }

    /** A variable of the resource's URI template (e.g. {@code name} of {@code /api/models/{name}}), decoded. */
    public String pathParam(String name) {
        String value = pathParams.get(name);
        if (value == null) {
            throw new IllegalStateException("no path variable " + name);
        }
        return value;
    }

    public Fields query() {
        return Request.extractQueryParameters(request);
    }

    /** A query parameter, or null. */
    public String queryValue(String name) {
        return query().getValue(name);
    }

    /** The JSON body as {@code type}; an empty body counts as {@code {}}. */
    public <T> T body(Class<T> type) throws IOException, ProtocolException {
        return read(bodyText(), type);
    }

    /** The JSON body as a generic type (e.g. {@code List<String>}); an empty body is refused. */
    public <T> T body(Type type) throws IOException, ProtocolException {
        return ProtocolJson.fromJson(bodyText(), type);
    }

    /** JSON text (a body read with {@link #bodyText()}) as {@code type}; empty text counts as {@code {}}. */
    public static <T> T read(String text, Class<T> type) throws ProtocolException {
        return ProtocolJson.fromJson(text.isBlank() ? "{}" : text, type);
    }

    /** The body as text, at most {@link #MAX_JSON_BYTES}; it can be read once. */
    public String bodyText() throws IOException {
        long length = request.getLength();
        if (length > MAX_JSON_BYTES) {
            throw HttpError.badRequest("JSON body of " + length + " bytes exceeds " + MAX_JSON_BYTES);
        }
        try (InputStream in = Content.Source.asInputStream(request)) {
            byte[] bytes = in.readNBytes(MAX_JSON_BYTES + 1);
            if (bytes.length > MAX_JSON_BYTES) {
                throw HttpError.badRequest("JSON body exceeds " + MAX_JSON_BYTES + " bytes");
            }
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    /** 200 with {@code body} (a protocol record) as JSON. */
    public void reply(Object body) {
        reply(200, body);
    }

    public void reply(int status, Object body) {
        send(response, callback, status, ProtocolJson.toJson(body));
    }

    /** {@code {"detail": detail}} with {@code status}, as v1's FastAPI answered errors. */
    public void error(int status, String detail) {
        reply(status, new ErrorBody(detail));
    }

    /** Sends JSON text with {@code status} (for handlers outside an endpoint, e.g. the token guard). */
    public static void send(Response response, Callback callback, int status, String json) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json; charset=utf-8");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        Content.Sink.write(response, true, json, callback);
    }
}
