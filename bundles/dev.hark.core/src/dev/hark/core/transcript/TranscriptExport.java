package dev.hark.core.transcript;

import java.util.List;
import java.util.Locale;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

import dev.hark.protocol.JsonMessages;

/** Writes a transcript as plain text, SubRip (srt), WebVTT or JSON. Partials are left out: only what was said for sure. */
public final class TranscriptExport {

    public enum Format {
        TXT, SRT, VTT, JSON;

        public static Format parse(String name) {
            try {
                return valueOf(name.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException | NullPointerException e) {
                throw new IllegalArgumentException("unknown format \"" + name + "\": use txt, srt, vtt or json");
            }
        }

        public String extension() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private TranscriptExport() {
    }

    public static String write(List<Segment> segments, Format format) {
        List<Segment> done = segments.stream().filter(s -> s.kind() != Segment.Kind.PARTIAL).toList();
        return switch (format) {
            case TXT -> txt(done);
            case SRT -> cues(done, false);
            case VTT -> "WEBVTT\n\n" + cues(done, true);
            case JSON -> json(done);
        };
    }

    private static String txt(List<Segment> segments) {
        StringBuilder sb = new StringBuilder();
        for (Segment s : segments) {
            sb.append(s.kind() == Segment.Kind.GAP ? "[gap: " + s.text() + "]" : s.text()).append('\n');
        }
        return sb.toString();
    }

    /** SubRip or WebVTT cues cut by {@link SubtitleCues}: short lines, at most two, at most ~7 s, no overlap. */
    private static String cues(List<Segment> segments, boolean vtt) {
        StringBuilder sb = new StringBuilder();
        int n = 1;
        for (SubtitleCues.Cue c : SubtitleCues.of(segments)) {
            if (!vtt) {
                sb.append(n).append('\n');
            }
            n++;
            sb.append(time(c.start(), vtt)).append(" --> ").append(time(c.end(), vtt)).append('\n');
            sb.append(c.text()).append("\n\n");
        }
        return sb.toString();
    }

    /** 00:01:02,345 (srt) or 00:01:02.345 (vtt). */
    static String time(double seconds, boolean vtt) {
        long ms = Math.round(Math.max(0, seconds) * 1000);
        return String.format(Locale.ROOT, "%02d:%02d:%02d%s%03d", ms / 3_600_000, ms / 60_000 % 60, ms / 1000 % 60,
                vtt ? "." : ",", ms % 1000);
    }

    private static String json(List<Segment> segments) {
        JsonArray out = new JsonArray();
        for (Segment s : segments) {
            JsonObject o = new JsonObject();
            o.addProperty("kind", s.kind().name().toLowerCase(Locale.ROOT));
            o.addProperty("text", s.text());
            o.addProperty("start", Math.round(s.start() * 1000) / 1000.0);
            o.addProperty("end", Math.round(s.end() * 1000) / 1000.0);
            JsonArray words = new JsonArray();
            for (Segment.Word w : s.words()) {
                JsonObject wo = new JsonObject();
                wo.addProperty("word", w.text());
                wo.addProperty("start", Math.round(w.start() * 1000) / 1000.0);
                wo.addProperty("end", Math.round(w.end() * 1000) / 1000.0);
                if (!Double.isNaN(w.confidence())) {
                    wo.addProperty("confidence", Math.round(w.confidence() * 1000) / 1000.0);
                }
                words.add(wo);
            }
            o.add("words", words);
            out.add(o);
        }
        JsonObject root = new JsonObject();
        root.add("segments", out);
        return JsonMessages.GSON.toJson(root) + "\n";
    }
}
