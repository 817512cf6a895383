package dev.hark.examples.textgrid;

import java.util.ArrayList;
import java.util.List;

import dev.hark.core.transcript.Segment;

/** A labelled stretch of time, and the two tiers a transcript gives: its segments and its words. */
record Interval(double start, double end, String text) {

    /** One interval per final (its text) and per gap ("[gap]"), in order. */
    static List<Interval> segments(List<Segment> segments) {
        List<Interval> out = new ArrayList<>();
        for (Segment s : segments) {
            out.add(new Interval(s.start(), s.end(), s.kind() == Segment.Kind.GAP ? "[gap]" : s.text()));
        }
        return ordered(out);
    }

    /** One interval per timed word of the finals, in order. */
    static List<Interval> words(List<Segment> segments) {
        List<Interval> out = new ArrayList<>();
        for (Segment s : segments) {
            if (s.kind() == Segment.Kind.FINAL) {
                for (Segment.Word w : s.words()) {
                    out.add(new Interval(w.start(), w.end(), w.text()));
                }
            }
        }
        return ordered(out);
    }

    /** Sorted, without overlap (a start before the previous end moves to it) and without empty or backward ones. */
    static List<Interval> ordered(List<Interval> in) {
        List<Interval> sorted = new ArrayList<>(in);
        sorted.sort((a, b) -> Double.compare(a.start, b.start));
        List<Interval> out = new ArrayList<>();
        double last = 0;
        for (Interval i : sorted) {
            double start = Math.max(Math.max(0, i.start), last);
            if (!(i.end > start) || Double.isNaN(i.end)) {
                continue;
            }
            out.add(new Interval(start, i.end, i.text));
            last = i.end;
        }
        return out;
    }
}
