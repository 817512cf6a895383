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
 * frontend passes to {@code datetime.fromtimestamp}, so Hark writes a number too. In Java the value stays text: the
 * server fills in ISO-8601 (written as epoch seconds); reading keeps what the server sent as text, a number's literal
 * (v1, Hark since issue 10) or ISO text (older Hark servers), as before; {@link #text(double)} converts.
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
    public void write(JsonWriter out, String value) throws IOException {
        if (value == null) {
            out.nullValue();
            return;
        }
        try {
            out.value(of(Instant.parse(value)));
        } catch (DateTimeParseException e) {
            try {
                out.value(Double.parseDouble(value)); // epoch seconds read from a v1 server stay a number
            } catch (NumberFormatException notNumber) {
                out.value(value); // not ours to reinterpret: pass it on as it is
            }
        }
    }

    @Override
    public String read(JsonReader in) throws IOException {
        if (in.peek() == JsonToken.NULL) {
            in.nextNull();
            return null;
        }
        return in.nextString(); // a number's literal text (v1, Hark) or ISO text (older Hark servers), as Gson read it before
    }
}
