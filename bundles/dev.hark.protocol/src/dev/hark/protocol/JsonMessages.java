package dev.hark.protocol;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import com.google.gson.Strictness;

/** Parsing and reading of JSON text messages, with errors a peer can act on. Shared by v1 and v2. */
public final class JsonMessages {

    /** Gson as Hark writes JSON: snake_case fields, no HTML escaping, NaN refused. */
    public static final Gson GSON = new GsonBuilder()
            .disableHtmlEscaping()
            .serializeNulls()
            // free-form maps (checkpoint metadata, engine details) keep 3 as 3, not 3.0
            .setObjectToNumberStrategy(com.google.gson.ToNumberPolicy.LONG_OR_DOUBLE)
            .setFieldNamingPolicy(com.google.gson.FieldNamingPolicy.LOWER_CASE_WITH_UNDERSCORES)
            .create();

    /** Longest text message accepted (64 KiB): control messages are small. */
    public static final int MAX_TEXT_CHARS = 64 * 1024;

    private JsonMessages() {
    }

    /** Parses a text message into an object that has a string {@code type}. */
    public static JsonObject parseObject(String text) throws ProtocolException {
        if (text == null || text.isBlank()) {
            throw new ProtocolException("bad_json", "empty message");
        }
        if (text.length() > MAX_TEXT_CHARS) {
            throw new ProtocolException("too_big", "text message of " + text.length() + " characters exceeds " + MAX_TEXT_CHARS);
        }
        JsonElement element;
        try {
            var reader = new com.google.gson.stream.JsonReader(new java.io.StringReader(text));
            reader.setStrictness(Strictness.STRICT);
            element = JsonParser.parseReader(reader);
            if (reader.peek() != com.google.gson.stream.JsonToken.END_DOCUMENT) {
                throw new ProtocolException("bad_json", "invalid JSON: trailing data after the message");
            }
        } catch (JsonParseException | java.io.IOException | IllegalStateException e) {
            throw new ProtocolException("bad_json", "invalid JSON: " + firstLine(e.getMessage()));
        }
        if (!element.isJsonObject()) {
            throw new ProtocolException("bad_json", "a message must be a JSON object with a \"type\"");
        }
        JsonObject object = element.getAsJsonObject();
        JsonElement type = object.get("type");
        if (type == null || !type.isJsonPrimitive() || !type.getAsJsonPrimitive().isString()) {
            throw new ProtocolException("bad_field", "message has no string \"type\"");
        }
        return object;
    }

    public static String type(JsonObject message) {
        return message.get("type").getAsString();
    }

    /** An optional string field; {@code fallback} when absent or null. */
    public static String string(JsonObject o, String field, String fallback) throws ProtocolException {
        JsonElement e = o.get(field);
        if (e == null || e.isJsonNull()) {
            return fallback;
        }
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) {
            throw new ProtocolException("bad_field", "\"" + field + "\" must be a string");
        }
        return e.getAsString();
    }

    /** An optional integer field within [min, max]; {@code fallback} when absent or null. */
    public static long integer(JsonObject o, String field, long fallback, long min, long max) throws ProtocolException {
        JsonElement e = o.get(field);
        if (e == null || e.isJsonNull()) {
            return fallback;
        }
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber()) {
            throw new ProtocolException("bad_field", "\"" + field + "\" must be a number");
        }
        double d = e.getAsDouble();
        if (d != Math.rint(d) || d < min || d > max) {
            throw new ProtocolException("bad_field", "\"" + field + "\" must be a whole number in [" + min + ", " + max + "], got " + e);
        }
        return (long) d;
    }

    /** An optional finite number field; {@code fallback} when absent or null. */
    public static double number(JsonObject o, String field, double fallback) throws ProtocolException {
        JsonElement e = o.get(field);
        if (e == null || e.isJsonNull()) {
            return fallback;
        }
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber() || !Double.isFinite(e.getAsDouble())) {
            throw new ProtocolException("bad_field", "\"" + field + "\" must be a finite number");
        }
        return e.getAsDouble();
    }

    /** {@code {"type": type, "payload": payload}} — v1's envelope. */
    public static String envelope(String type, JsonObject payload) {
        JsonObject o = new JsonObject();
        o.add("type", new JsonPrimitive(type));
        o.add("payload", payload);
        return GSON.toJson(o);
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "unreadable";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
