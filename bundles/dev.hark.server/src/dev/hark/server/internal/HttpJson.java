package dev.hark.server.internal;

import java.nio.charset.StandardCharsets;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import dev.hark.protocol.JsonMessages;

/** JSON replies, with errors shaped as v1's FastAPI backend shaped them: {@code {"detail": "..."}}. */
final class HttpJson {

    private HttpJson() {
    }

    static void reply(Response response, Callback callback, int status, JsonElement body) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json; charset=utf-8");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        Content.Sink.write(response, true, JsonMessages.GSON.toJson(body), callback);
    }

    static void error(Response response, Callback callback, int status, String detail) {
        JsonObject body = new JsonObject();
        body.addProperty("detail", detail);
        reply(response, callback, status, body);
    }

    static JsonObject message(String text) {
        JsonObject o = new JsonObject();
        o.addProperty("message", text);
        return o;
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
