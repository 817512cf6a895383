package dev.hark.protocol.rest;

import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;

import com.google.gson.TypeAdapter;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.gson.stream.JsonWriter;

/**
 * The wire form of a creation time ({@code created_at}): v1 sent epoch seconds (a float), which the asr-test
 * frontend passes to {@code datetime.fromtimestamp}, so Hark writes a number too. In Java the value stays ISO-8601
 * text (what tables show); reading accepts a number (v1, Hark since issue 10) or ISO text (older Hark servers).
 */
public final class EpochSeconds extends TypeAdapter<String> {

    /** Seconds since the epoch, millisecond precision. */
    public static double of(Instant instant) {
        return instant.toEpochMilli() / 1000.0;
    }

    /** The ISO-8601 text of an epoch-seconds value. */
    public static String text(double epochSeconds) {
        return Instant.ofEpochMilli(Math.round(epochSeconds * 1000)).toString();
    }

    @Override
    public void write(JsonWriter out, String iso) throws IOException {
        if (iso == null) {
            out.nullValue();
            return;
        }
        try {
            out.value(of(Instant.parse(iso)));
        } catch (DateTimeParseException e) {
            out.value(iso); // not ours to reinterpret: pass it on as it is
        }
    }

    @Override
    public String read(JsonReader in) throws IOException {
        JsonToken token = in.peek();
        if (token == JsonToken.NULL) {
            in.nextNull();
            return null;
        }
        if (token == JsonToken.NUMBER) {
            return text(in.nextDouble());
        }
        String s = in.nextString();
        try {
            return text(Double.parseDouble(s));
        } catch (NumberFormatException e) {
            return s;
        }
    }
}
