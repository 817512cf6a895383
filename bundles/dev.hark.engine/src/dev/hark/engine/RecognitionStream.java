package dev.hark.engine;

import java.util.List;
import java.util.Optional;

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

    /**
     * The engine's adaptive state (for pocketsphinx the live cepstral mean) as of the last utterance end, as an opaque
     * string of at most {@link RecognitionModel#MAX_ADAPTIVE_STATE_CHARS} characters from {@code [A-Za-z0-9._-]}; a
     * stream opened with it ({@link RecognitionModel#openStream(String)}) recognizes what follows that point as this one
     * would. Empty when the engine keeps no such state, or before anything could be captured. Engines that adapt
     * nothing keep this default.
     */
    default Optional<String> adaptiveState() {
        return Optional.empty();
    }

    @Override
    void close();
}
