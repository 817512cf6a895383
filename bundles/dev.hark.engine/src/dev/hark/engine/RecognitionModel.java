package dev.hark.engine;

/**
 * A loaded model. Thread-safe: many streams may be open at once, each used by one thread at a time.
 */
public interface RecognitionModel extends AutoCloseable {

    ModelInfo info();

    /** Opens a streaming recognizer (for pocketsphinx: its own decoder). The caller closes it. */
    RecognitionStream openStream() throws EngineException;

    /**
     * Transcribes a whole recording.
     *
     * @param samples mono samples at {@link ModelInfo#sampleRate()}, in [-1, 1]
     */
    Transcript transcribe(float[] samples) throws EngineException;

    /** Releases the model; streams opened from it must be closed first. */
    @Override
    void close();
}
