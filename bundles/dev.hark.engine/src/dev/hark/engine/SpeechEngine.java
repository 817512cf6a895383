package dev.hark.engine;

import java.util.List;

/**
 * A speech recognizer, registered as an OSGi service. The server finds engines through the service
 * registry, lists their models and opens the one a client asks for.
 *
 * <p>Implementations must be thread-safe: {@link #models()} and {@link #open(String)} are called from
 * many sessions at once, and opening a model (which may take seconds) must not block other calls.
 */
public interface SpeechEngine {

    /** Short stable id, e.g. {@code "pocketsphinx"}. */
    String id();

    /** The models this engine can open now (the list may change, e.g. when a checkpoint appears). */
    List<ModelInfo> models();

    /**
     * Opens (loads) a model by name. The caller closes it. May be slow; never called on a network
     * I/O thread.
     *
     * @throws EngineException if the model does not exist ({@link EngineException.Kind#UNKNOWN_MODEL})
     *                         or cannot be loaded
     */
    RecognitionModel open(String modelName) throws EngineException;
}
