package dev.hark.protocol.rest;

import java.util.List;
import java.util.Map;

import com.google.gson.annotations.JsonAdapter;

/**
 * One entry of {@code GET /api/models} (checkpoint folders; with {@code ?include=engine} engine models too) or {@code GET /api/checkpoints}
 * (checkpoint folders only: the engine fields are null there).
 *
 * @param name             the name clients pass as {@code model_name}
 * @param engine           the engine serving it; null for a checkpoint folder no engine serves
 * @param builtIn          true for models that ship with an engine (cannot be deleted)
 * @param details          engine-specific facts for display (language, grammar, ...)
 * @param path             the folder on the server (checkpoints), else null
 * @param epoch            the checkpoint's epoch, else null
 * @param createdAt        ISO-8601 time of the checkpoint folder, else null; on the wire epoch seconds, as v1 sent
 *                         ({@link EpochSeconds})
 * @param trainingMetadata the checkpoint's {@code training_metadata.json}, as written by the trainer
 */
public record ModelEntry(String name, String engine, Boolean builtIn, String description, Integer sampleRate,
        Map<String, Object> details, String path, Integer epoch, String modelName, String datasetName, double sizeMb,
        int fileCount, @JsonAdapter(EpochSeconds.class) String createdAt, List<String> files, Map<String, Object> trainingMetadata, String trainingStartTime,
        String trainingEndTime, Map<String, Object> trainingParams, String trainingStatus) {

    /** The same entry as an engine model. */
    public ModelEntry asEngineModel(String engine, boolean builtIn, String description, int sampleRate, Map<String, Object> details) {
        return new ModelEntry(name, engine, builtIn, description, sampleRate, details, path, epoch, modelName, datasetName, sizeMb,
                fileCount, createdAt, files, trainingMetadata, trainingStartTime, trainingEndTime, trainingParams, trainingStatus);
    }

    /** The same entry with {@code builtIn} set (false for a checkpoint folder no engine serves). */
    public ModelEntry withBuiltIn(boolean builtIn) {
        return new ModelEntry(name, engine, builtIn, description, sampleRate, details, path, epoch, modelName, datasetName, sizeMb,
                fileCount, createdAt, files, trainingMetadata, trainingStartTime, trainingEndTime, trainingParams, trainingStatus);
    }

    /** An engine model with no checkpoint folder. */
    public static ModelEntry engineModel(String name, String engine, boolean builtIn, String description, int sampleRate,
            Map<String, Object> details) {
        return new ModelEntry(name, engine, builtIn, description, sampleRate, details, null, null, null, null, 0, 0, null, List.of(),
                null, null, null, null, null);
    }

    /** A validation value of the checkpoint's metadata ({@code val_loss}, {@code cer}, {@code wer}), or null. */
    public Double metric(String key) {
        return trainingMetadata != null && trainingMetadata.get(key) instanceof Number n ? n.doubleValue() : null;
    }
}
