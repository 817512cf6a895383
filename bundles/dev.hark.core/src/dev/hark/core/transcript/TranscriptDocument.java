package dev.hark.core.transcript;

import java.util.ArrayList;
import java.util.List;

/**
 * The transcript of a session: finals and gaps appended in order, at most one partial at the end that
 * each new partial replaces. Thread-safe; {@link #snapshot()} gives a consistent copy for views and
 * exporters.
 */
public final class TranscriptDocument {

    private final List<Segment> committed = new ArrayList<>();
    private Segment partial;

    /** Replaces the current partial (an empty text clears it). */
    public synchronized Segment partial(String text, double start, double end) {
        partial = text.isBlank() ? null : new Segment(committed.size(), Segment.Kind.PARTIAL, text.strip(), start, end, List.of());
        return partial;
    }

    /** Appends a final; it replaces the partial. */
    public synchronized Segment commit(String text, double start, double end, List<Segment.Word> words) {
        Segment s = new Segment(committed.size(), Segment.Kind.FINAL, text.strip(), start, end, words);
        committed.add(s);
        partial = null;
        return s;
    }

    /** Appends a gap marker (audio that was lost, e.g. while a v1 connection was down). */
    public synchronized Segment gap(String reason, double start, double end) {
        Segment s = new Segment(committed.size(), Segment.Kind.GAP, reason, start, end, List.of());
        committed.add(s);
        partial = null;
        return s;
    }

    public synchronized void clear() {
        committed.clear();
        partial = null;
    }

    /** Finals and gaps, then the partial if there is one. */
    public synchronized List<Segment> snapshot() {
        List<Segment> out = new ArrayList<>(committed);
        if (partial != null) {
            out.add(partial);
        }
        return out;
    }

    /** The finals' text joined by spaces. */
    public synchronized String finalText() {
        StringBuilder sb = new StringBuilder();
        for (Segment s : committed) {
            if (s.kind() == Segment.Kind.FINAL && !s.text().isEmpty()) {
                if (!sb.isEmpty()) {
                    sb.append(' ');
                }
                sb.append(s.text());
            }
        }
        return sb.toString();
    }
}
