package dev.hark.engine;

/**
 * A loaded model. Thread-safe: many streams may be open at once, each used by one thread at a time.
 */
public interface RecognitionModel extends AutoCloseable {

    ModelInfo info();

    /** Longest {@link RecognitionStream#adaptiveState()} an engine gives (and {@link #openStream(String)} takes). */
    int MAX_ADAPTIVE_STATE_CHARS = 1024;

    /** Opens a streaming recognizer (for pocketsphinx: its own decoder). The caller closes it. */
    RecognitionStream openStream() throws EngineException;

    /**
     * Opens a streaming recognizer that starts from {@code adaptiveState}, a {@link RecognitionStream#adaptiveState()}
     * of an earlier stream of this model (e.g. one a client kept across a server restart). The state comes from the
     * network: engines check it strictly and refuse anything they did not make with
     * {@link EngineException.Kind#BAD_STATE}. Engines without adaptive state keep this default, which ignores it.
     */
    default RecognitionStream openStream(String adaptiveState) throws EngineException {
        return openStream();
    }

    /**
     * Transcribes a whole recording.
     *
     * @param samples mono samples at {@link ModelInfo#sampleRate()}, in [-1, 1]
     */
    Transcript transcribe(float[] samples) throws EngineException;

    /**
     * Transcribes a whole recording, reporting progress and stopping early when {@code progress} is cancelled
     * (with {@link EngineException.Kind#CANCELLED}). Engines that decode in one piece keep this default: no
     * progress until the end, no early stop.
     */
    default Transcript transcribe(float[] samples, TranscribeProgress progress) throws EngineException {
        if (progress.cancelled()) {
            throw new EngineException(EngineException.Kind.CANCELLED, "cancelled");
        }
        Transcript t = transcribe(samples);
        progress.advanced(samples.length, samples.length);
        return t;
    }

    /** Releases the model; streams opened from it must be closed first. */
    @Override
    void close();
}
