package dev.hark.server.tests;

import java.util.ArrayList;
import java.util.List;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/** Reading the JSON messages tests receive. */
final class Messages {

    private Messages() {
    }

    static JsonObject parse(String json) {
        return JsonParser.parseString(json).getAsJsonObject();
    }

    static String type(String json) {
        return parse(json).get("type").getAsString();
    }

    /** v1: payload.text, payload.status or payload.message, whichever there is. */
    static String v1Value(String json, String field) {
        JsonObject p = parse(json).getAsJsonObject("payload");
        return p != null && p.has(field) ? p.get(field).getAsString() : null;
    }

    static boolean isV1Status(String json, String status) {
        return type(json).equals("status") && status.equals(v1Value(json, "status"));
    }

    static List<String> ofType(List<String> messages, String type) {
        List<String> out = new ArrayList<>();
        for (String m : messages) {
            if (type(m).equals(type)) {
                out.add(m);
            }
        }
        return out;
    }
}
