package dev.hark.engine;

import java.util.Map;
import java.util.Objects;

/**
 * What a client may know about a model before opening it.
 *
 * @param name        the name clients pass as {@code model_name} (unique across engines)
 * @param engine      the id of the engine that serves it
 * @param description one line for people
 * @param sampleRate  the rate (Hz) the model takes audio at; the server resamples to it
 * @param builtIn     true for models that ship with an engine and cannot be deleted
 * @param details     engine-specific facts for display (language, grammar, epoch, ...); JSON-friendly values
 */
public record ModelInfo(String name, String engine, String description, int sampleRate, boolean builtIn,
        Map<String, Object> details) {

    public ModelInfo {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(engine, "engine");
        description = description == null ? "" : description;
        if (sampleRate <= 0) {
            throw new IllegalArgumentException("sampleRate must be positive: " + sampleRate);
        }
        details = details == null ? Map.of() : Map.copyOf(details);
    }
}
