package dev.hark.core.transcript;

import java.util.List;

/**
 * One piece of a transcript: a committed utterance (final), the utterance still being spoken
 * (partial), or a gap where audio was lost (a v1 reconnect).
 *
 * @param id    position in the transcript, from 0
 * @param kind  final, partial or gap
 * @param text  the words (for a gap: why)
 * @param start seconds from the start of the session
 * @param end   seconds from the start of the session
 * @param words word timings, possibly empty
 */
public record Segment(long id, Kind kind, String text, double start, double end, List<Word> words) {

    public enum Kind {
        FINAL, PARTIAL, GAP
    }

    /** A word with times (s) and a confidence in [0, 1], or NaN when unknown. */
    public record Word(String text, double start, double end, double confidence) {
    }

    public Segment {
        text = text == null ? "" : text;
        words = words == null ? List.of() : List.copyOf(words);
    }
}
