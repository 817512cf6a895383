package dev.hark.engine;

import java.util.ArrayList;
import java.util.List;

/**
 * Builds a {@link Transcript} from what a {@link RecognitionStream} answers while a whole recording is fed to it:
 * keeps the finals in order and times the first non-empty hypothesis from when decoding started. For engines and
 * servers that transcribe a recording through a stream. Not thread-safe.
 */
public final class TranscriptBuilder {

    private final long startedNanos;
    private final List<Hypothesis> finals = new ArrayList<>();
    private double firstTokenMillis = -1;

    /** {@code startedNanos}: {@link System#nanoTime()} when decoding started. */
    public TranscriptBuilder(long startedNanos) {
        this.startedNanos = startedNanos;
    }

    /** Takes what the stream answered to one piece of audio (or to {@code finish}). */
    public void add(List<Hypothesis> hypotheses) {
        for (Hypothesis h : hypotheses) {
            if (!h.text().isEmpty() && firstTokenMillis < 0) {
                firstTokenMillis = (System.nanoTime() - startedNanos) / 1e6;
            }
            if (h.isFinal()) {
                finals.add(h);
            }
        }
    }

    public Transcript build() {
        return new Transcript(finals, firstTokenMillis);
    }
}
