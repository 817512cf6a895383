package dev.hark.protocol;

import java.io.IOException;
import java.io.StringReader;
import java.lang.reflect.Type;

import com.google.gson.Gson;
import com.google.gson.JsonParseException;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;

/**
 * The one place where Hark's protocol records become JSON text and back: REST bodies, stream messages,
 * SSE events and worker lines all go through here, with the same Gson ({@link JsonMessages#GSON}:
 * snake_case field names, nulls written, no HTML escaping). A renamed record component is therefore a
 * compile error at every user, not a blank chart.
 */
public final class ProtocolJson {

    private ProtocolJson() {
    }

    /** JSON text of a record (or list/map of records). */
    public static String toJson(Object value) {
        return JsonMessages.GSON.toJson(value);
    }

    /**
     * Reads strict JSON text into {@code type}. Wrong types (a string where a number belongs, {@code 2.7} for
     * an integer) and malformed text are a {@link ProtocolException} with code {@code bad_json}.
     */
    public static <T> T fromJson(String text, Class<T> type) throws ProtocolException {
        return fromJson(text, (Type) type);
    }

    /** As {@link #fromJson(String, Class)} for generic types (e.g. {@code List<String>}). */
    @SuppressWarnings("unchecked")
    public static <T> T fromJson(String text, Type type) throws ProtocolException {
        if (text == null || text.isBlank()) {
            throw new ProtocolException("bad_json", "empty body");
        }
        try (JsonReader reader = new JsonReader(new StringReader(text))) {
            reader.setStrictness(Strictness.STRICT);
            T value = (T) JsonMessages.GSON.fromJson(reader, com.google.gson.reflect.TypeToken.get(type));
            if (reader.peek() != JsonToken.END_DOCUMENT) {
                throw new ProtocolException("bad_json", "invalid JSON: trailing data");
            }
            if (value == null) {
                throw new ProtocolException("bad_json", "expected a JSON value, got null");
            }
            return value;
        } catch (JsonParseException | IllegalStateException | IOException e) {
            throw new ProtocolException("bad_json", "invalid JSON: " + firstLine(e.getMessage()));
        }
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "unreadable";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    /** Rounds to {@code digits} decimals for display-friendly wire values. */
    public static double round(double v, int digits) {
        double f = Math.pow(10, digits);
        return Math.round(v * f) / f;
    }

    /** {@code v} when finite, else null: JSON has no NaN or infinity. */
    public static Double finite(Double v) {
        return v == null || !Double.isFinite(v) ? null : v;
    }
}
