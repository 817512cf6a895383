package dev.hark.ui.internal;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * A checkpoint's {@code created_at} for display: Hark servers send ISO-8601 (shown as it came), asr-test's
 * older backend sends epoch seconds (a float, which the record holds as the number's text), shown as an ISO
 * local time to the second, so both kinds read and sort alike.
 */
public final class CreatedAt {

    private static final DateTimeFormatter SHOWN = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss");

    private CreatedAt() {
    }

    public static String display(String createdAt) {
        return display(createdAt, ZoneId.systemDefault());
    }

    static String display(String createdAt, ZoneId zone) {
        if (createdAt == null || createdAt.isBlank()) {
            return "";
        }
        String s = createdAt.strip();
        if (s.matches("[0-9]+(\\.[0-9]*)?([eE][+-]?[0-9]+)?")) {
            double seconds = Double.parseDouble(s);
            if (Double.isFinite(seconds)) {
                return SHOWN.format(Instant.ofEpochMilli(Math.round(seconds * 1000)).atZone(zone));
            }
        }
        return s;
    }
}
