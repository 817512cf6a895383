package dev.hark.examples.wordtimes;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import dev.hark.core.transcript.Segment;

/**
 * One row of the view: a timed word of a final, or a gap in the transcript (the connection dropped).
 *
 * @param utterance  the segment's id
 * @param word       the word, or "" for a gap
 * @param start      seconds from the start of the session
 * @param end        seconds from the start of the session
 * @param confidence [0, 1], NaN when the engine gives none
 */
record WordRow(long utterance, String word, double start, double end, double confidence) {

    boolean gap() {
        return word.isEmpty();
    }

    /** The rows of finished segments: every word of each final (a final without word times is one row), a row per gap. */
    static List<WordRow> of(List<Segment> segments) {
        List<WordRow> out = new ArrayList<>();
        for (Segment s : segments) {
            switch (s.kind()) {
                case FINAL -> {
                    if (s.words() == null || s.words().isEmpty()) {
                        if (!s.text().isBlank()) {
                            out.add(new WordRow(s.id(), s.text(), s.start(), s.end(), Double.NaN));
                        }
                    } else {
                        for (Segment.Word w : s.words()) {
                            out.add(new WordRow(s.id(), w.text(), w.start(), w.end(), w.confidence()));
                        }
                    }
                }
                case GAP -> out.add(new WordRow(s.id(), "", s.start(), s.end(), Double.NaN));
                default -> {
                    // the partial is shown apart: it changes until it is final
                }
            }
        }
        return out;
    }

    /** Tab-separated values with a header line: word, start, end, duration_ms, confidence (empty when unknown). */
    static String tsv(List<WordRow> rows) {
        StringBuilder b = new StringBuilder("utterance\tword\tstart\tend\tduration_ms\tconfidence\n");
        for (WordRow r : rows) {
            if (r.gap()) {
                continue;
            }
            b.append(r.utterance()).append('\t').append(r.word()).append('\t')
                    .append(String.format(Locale.ROOT, "%.3f\t%.3f\t%d\t", r.start(), r.end(), Math.round((r.end() - r.start()) * 1000)))
                    .append(Double.isNaN(r.confidence()) ? "" : String.format(Locale.ROOT, "%.3f", r.confidence())).append('\n');
        }
        return b.toString();
    }
}
