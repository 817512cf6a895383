package dev.hark.bench.common;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/** Reading the server's JSON messages and REST answers, with Gson. */
public final class Json {

    private Json() {
    }

    /** The text as a JSON object; IllegalArgumentException if it is not one. */
    public static JsonObject object(String text) {
        try {
            JsonElement e = JsonParser.parseString(text);
            if (!e.isJsonObject()) {
                throw new IllegalArgumentException("not a JSON object: " + text);
            }
            return e.getAsJsonObject();
        } catch (RuntimeException e) {
            throw e instanceof IllegalArgumentException i ? i : new IllegalArgumentException("not JSON: " + text, e);
        }
    }

    /** A member as a string, or null when absent or null. */
    public static String str(JsonObject o, String key) {
        JsonElement e = o.get(key);
        return e == null || e.isJsonNull() ? null : e.getAsString();
    }

    /** A member as a number, or NaN when absent, null or not a number. */
    public static double num(JsonObject o, String key) {
        JsonElement e = o.get(key);
        return e != null && e.isJsonPrimitive() && e.getAsJsonPrimitive().isNumber() ? e.getAsDouble() : Double.NaN;
    }
}
