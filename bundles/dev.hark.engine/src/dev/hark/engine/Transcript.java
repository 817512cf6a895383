package dev.hark.engine;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The result of transcribing a whole recording: its utterances (finals) in order.
 *
 * @param segments  final hypotheses with times
 * @param firstTokenMillis milliseconds from the start of processing until the first non-empty hypothesis
 *                  (v1's {@code first_token_time_ms}); -1 when nothing was recognized
 */
public record Transcript(List<Hypothesis> segments, double firstTokenMillis) {

    public Transcript {
        segments = List.copyOf(segments);
    }

    /** The whole text, utterances joined by a space. */
    public String text() {
        return segments.stream().map(Hypothesis::text).filter(t -> !t.isEmpty()).collect(Collectors.joining(" "));
    }
}
