package dev.hark.engine;

import java.util.List;
import java.util.Objects;

/**
 * A partial or final recognition result.
 *
 * @param isFinal true when the utterance ended (endpoint or finish); false for a partial that a later
 *                hypothesis replaces
 * @param text    the words, space-separated; never null
 * @param start   utterance start in seconds from the stream's first sample
 * @param end     utterance end in seconds
 * @param words   word timings and confidences where the engine gives them; empty otherwise
 */
public record Hypothesis(boolean isFinal, String text, double start, double end, List<Word> words) {

    public Hypothesis {
        text = text == null ? "" : text.strip();
        words = words == null ? List.of() : List.copyOf(words);
        if (end < start) {
            throw new IllegalArgumentException("end " + end + " < start " + start);
        }
    }

    /** One recognized word. Confidence in [0, 1], or NaN when the engine has none. */
    public record Word(String text, double start, double end, double confidence) {
        public Word {
            Objects.requireNonNull(text, "text");
        }
    }
}
