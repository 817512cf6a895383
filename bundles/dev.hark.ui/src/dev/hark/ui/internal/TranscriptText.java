package dev.hark.ui.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Optional;

import dev.hark.core.UtteranceLatency;
import dev.hark.core.transcript.Segment;

/**
 * The text model behind the Live view's transcript, kept apart from the widget so that a repaint costs
 * what changed, not what was said so far: finals and gaps are appended once, only the partial at the end
 * is replaced. Bus events ({@link #accept(Segment)}, {@link #cleared()}) arrive on any thread; the view
 * takes one {@link Update} per repaint and applies it to its text widget as one range replacement.
 *
 * <p>Segments carry their position ({@link Segment#id()}): a final already shown is skipped (the
 * snapshot a view loads when it opens may overlap the events that follow), a missing one makes the model
 * ask for a snapshot again ({@link #needsSnapshot()}).
 *
 * <p>A final's words (with their times and confidence, when the server sent them) come out as
 * {@link Style#WORD} spans, and the utterance's latencies ({@link #latency(UtteranceLatency)}, posted just
 * before its final) as a {@link Style#LATENCY} span at the end of its line.
 */
public final class TranscriptText {

    /** How a stretch of text is drawn. */
    public enum Style {
        GAP, PARTIAL, WORD, LATENCY
    }

    /** A styled stretch, offsets relative to the update's text; {@code word} for {@link Style#WORD} spans, else null. */
    public record Span(int start, int length, Style style, Segment.Word word) {
        public Span(int start, int length, Style style) {
            this(start, length, style, null);
        }
    }

    /** Latencies kept for finals still to come: a handful at most (each is followed by its final at once). */
    static final int MAX_LATENCIES = 64;

    /**
     * Replace {@code replace} characters at {@code at} with {@code text}; {@code spans} style parts of the
     * new text. The text before {@code at} is unchanged.
     */
    public record Update(int at, int replace, String text, List<Span> spans) {
    }

    private long nextId;
    private int committedShown;
    private int partialShown;
    private final StringBuilder pending = new StringBuilder();
    private final List<Span> pendingSpans = new ArrayList<>();
    private Segment partial;
    private boolean partialChanged;
    private boolean snapshotNeeded = true;
    private boolean replaceAll;
    private final Map<Long, UtteranceLatency> latencies = new LinkedHashMap<>();

    /** A final, gap or partial from the bus. */
    public synchronized void accept(Segment s) {
        if (snapshotNeeded) {
            return; // the snapshot will have it
        }
        if (s.id() > nextId) {
            snapshotNeeded = true; // we missed some
            return;
        }
        if (s.id() < nextId) {
            return; // shown already (or a partial overtaken by its final)
        }
        switch (s.kind()) {
            case FINAL, GAP -> {
                int at = pending.length();
                if (s.kind() == Segment.Kind.GAP) {
                    pending.append(line(s));
                    pendingSpans.add(new Span(at, pending.length() - at, Style.GAP));
                } else {
                    appendFinal(s, latencies.remove(s.id()));
                }
                nextId++;
                partial = null;
                partialChanged = true;
            }
            case PARTIAL -> {
                partial = s;
                partialChanged = true;
            }
        }
    }

    /** The latencies of the final with {@code l.segmentId()}, which follows. */
    public synchronized void latency(UtteranceLatency l) {
        latencies.put(l.segmentId(), l);
        while (latencies.size() > MAX_LATENCIES) {
            latencies.remove(latencies.keySet().iterator().next());
        }
    }

    /** A final's line: its stamp, its text with a span per word found in it, its latencies if known. */
    private void appendFinal(Segment s, UtteranceLatency l) {
        pending.append(stamp(s));
        int textStart = pending.length();
        pending.append(s.text());
        String lower = s.text().toLowerCase(Locale.ROOT);
        int from = 0;
        for (Segment.Word w : s.words()) {
            String word = w.text().strip().toLowerCase(Locale.ROOT);
            int found = word.isEmpty() ? -1 : lower.indexOf(word, from);
            if (found >= 0) {
                pendingSpans.add(new Span(textStart + found, word.length(), Style.WORD, w));
                from = found + word.length();
            }
        }
        if (l != null) {
            pending.append("  ");
            int at = pending.length();
            pending.append(latencyText(l));
            pendingSpans.add(new Span(at, pending.length() - at, Style.LATENCY));
        }
        pending.append('\n');
    }

    /** {@code (first partial 310 ms, final 540 ms)} in the UI language; "-" for what is unknown. */
    public static String latencyText(UtteranceLatency l) {
        return org.eclipse.osgi.util.NLS.bind(Messages.Live_latency, ms(l.firstPartialMillis()), ms(l.finalMillis()));
    }

    private static String ms(long v) {
        return v < 0 ? "-" : v + " ms";
    }

    /** The transcript was cleared (a new session, or the user's Clear). */
    public synchronized void cleared() {
        reset();
        snapshotNeeded = false;
    }

    /** True when the view must {@link #load} the service's snapshot (first repaint, or events were missed). */
    public synchronized boolean needsSnapshot() {
        return snapshotNeeded;
    }

    /** Starts over from a snapshot (finals and gaps in order, then at most one partial). */
    public synchronized void load(List<Segment> snapshot) {
        reset();
        snapshotNeeded = false;
        for (Segment s : snapshot) {
            accept(s);
        }
    }

    private void reset() {
        nextId = 0;
        latencies.clear();
        pending.setLength(0);
        pendingSpans.clear();
        partial = null;
        partialChanged = true;
        replaceAll = true;
    }

    /** What changed since the last call, if anything. */
    public synchronized Optional<Update> take() {
        if (pending.isEmpty() && !partialChanged && !replaceAll) {
            return Optional.empty();
        }
        int at = replaceAll ? 0 : committedShown;
        int replace = replaceAll ? committedShown + partialShown : partialShown;
        StringBuilder text = new StringBuilder(pending);
        List<Span> spans = new ArrayList<>(pendingSpans);
        if (partial != null) {
            int start = text.length();
            text.append(stamp(partial)).append(partial.text());
            spans.add(new Span(start, text.length() - start, Style.PARTIAL));
        }
        committedShown = (replaceAll ? 0 : committedShown) + pending.length();
        partialShown = text.length() - pending.length();
        pending.setLength(0);
        pendingSpans.clear();
        partialChanged = false;
        replaceAll = false;
        return Optional.of(new Update(at, replace, text.toString(), spans));
    }

    /** Characters shown after the last {@link #take()}. */
    public synchronized int length() {
        return committedShown + partialShown;
    }

    static String line(Segment s) {
        return s.kind() == Segment.Kind.GAP ? stamp(s) + "[" + s.text() + "]\n" : stamp(s) + s.text() + "\n";
    }

    /** {@code [mm:ss.ss] } from the segment's start. */
    static String stamp(Segment s) {
        return String.format(Locale.ROOT, "[%02d:%05.2f] ", (int) (s.start() / 60), s.start() % 60);
    }
}
