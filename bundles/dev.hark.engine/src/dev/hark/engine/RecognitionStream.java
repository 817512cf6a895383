package dev.hark.engine;

import java.util.List;

/**
 * Streaming recognition of one audio stream. Not thread-safe: one session feeds it from one thread at a
 * time. All times are seconds from the first sample fed to this stream.
 */
public interface RecognitionStream extends AutoCloseable {

    /**
     * Feeds mono samples at the model's rate, in [-1, 1], and returns what they produced: at most one
     * {@link Hypothesis#isFinal() final} per detected utterance end (endpointing), and partials while
     * speech goes on (a partial replaces the previous one of the same utterance). Processing is
     * synchronous: a final returned here covers all audio fed so far up to its end.
     */
    List<Hypothesis> accept(float[] samples, int offset, int length) throws EngineException;

    /** Ends the current utterance and returns its final result, if it has any text. */
    List<Hypothesis> finish() throws EngineException;

    /** Total samples fed so far. */
    long samplesAccepted();

    @Override
    void close();
}
