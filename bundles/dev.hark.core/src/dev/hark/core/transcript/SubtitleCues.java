package dev.hark.core.transcript;

import java.util.ArrayList;
import java.util.List;

/**
 * Cuts a transcript into subtitle cues that follow the common conventions (EBU, Netflix, BBC): at most
 * {@link #MAX_LINE} characters per line, at most {@link #MAX_LINES} lines and {@link #MAX_SECONDS} seconds
 * per cue, cues in order and never overlapping. A segment too long for one cue is split between words, on
 * the words' own times where the server sent them, else on times shared out by length.
 */
public final class SubtitleCues {

    public static final int MAX_LINE = 42;
    public static final int MAX_LINES = 2;
    public static final double MAX_SECONDS = 7.0;

    /** One cue: its times (s) and its lines (1 or 2; a single word longer than a line stands alone on it). */
    public record Cue(double start, double end, List<String> lines) {
        public Cue {
            lines = List.copyOf(lines);
        }

        public String text() {
            return String.join("\n", lines);
        }
    }

    private record Token(String text, double start, double end) {
    }

    private SubtitleCues() {
    }

    /** The cues of finals and gaps (partials are left out by the caller), in order, never overlapping. */
    public static List<Cue> of(List<Segment> segments) {
        List<Cue> cues = new ArrayList<>();
        for (Segment s : segments) {
            cut(tokens(s), cues);
        }
        cues.sort((a, b) -> Double.compare(a.start(), b.start()));
        List<Cue> out = new ArrayList<>(cues.size());
        for (int i = 0; i < cues.size(); i++) {
            Cue c = cues.get(i);
            double start = out.isEmpty() ? c.start() : Math.max(c.start(), out.get(out.size() - 1).end());
            double end = Math.min(c.end(), start + MAX_SECONDS);
            if (i + 1 < cues.size()) {
                end = Math.min(end, cues.get(i + 1).start());
            }
            out.add(new Cue(start, Math.max(start, end), c.lines()));
        }
        return out;
    }

    /** The segment's words with times: the server's word times, else the segment's span shared out by length. */
    private static List<Token> tokens(Segment s) {
        double start = s.start();
        double end = Math.max(s.end(), s.start());
        List<Token> out = new ArrayList<>();
        if (s.kind() != Segment.Kind.GAP && !s.words().isEmpty()) {
            for (Segment.Word w : s.words()) {
                if (!w.text().isBlank()) {
                    double ws = Double.isNaN(w.start()) ? start : w.start();
                    out.add(new Token(w.text().strip(), ws, Double.isNaN(w.end()) ? ws : Math.max(ws, w.end())));
                }
            }
            if (!out.isEmpty()) {
                return out;
            }
        }
        String text = s.kind() == Segment.Kind.GAP ? "[gap: " + s.text() + "]" : s.text();
        String[] words = text.strip().split("\\s+");
        int chars = 0;
        for (String w : words) {
            chars += w.length() + 1;
        }
        double at = start;
        for (String w : words) {
            if (w.isEmpty()) {
                continue;
            }
            double length = chars == 0 ? 0 : (end - start) * (w.length() + 1) / chars;
            out.add(new Token(w, at, at + length));
            at += length;
        }
        return out;
    }

    /** Greedy: a cue takes words while they fit its lines and its time. */
    private static void cut(List<Token> tokens, List<Cue> cues) {
        List<Token> current = new ArrayList<>();
        for (Token t : tokens) {
            if (!current.isEmpty()) {
                List<Token> tried = new ArrayList<>(current);
                tried.add(t);
                boolean fits = lines(tried).size() <= MAX_LINES && t.end() - current.get(0).start() <= MAX_SECONDS;
                if (!fits) {
                    cues.add(cue(current));
                    current.clear();
                }
            }
            current.add(t);
        }
        if (!current.isEmpty()) {
            cues.add(cue(current));
        }
    }

    private static Cue cue(List<Token> tokens) {
        return new Cue(tokens.get(0).start(), tokens.get(tokens.size() - 1).end(), lines(tokens));
    }

    /** Words filled into lines of at most {@link #MAX_LINE} characters. */
    static List<String> lines(List<Token> tokens) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (Token t : tokens) {
            if (line.length() > 0 && line.length() + 1 + t.text().length() > MAX_LINE) {
                lines.add(line.toString());
                line.setLength(0);
            }
            if (line.length() > 0) {
                line.append(' ');
            }
            line.append(t.text());
        }
        if (line.length() > 0) {
            lines.add(line.toString());
        }
        return lines;
    }
}
