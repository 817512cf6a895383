package dev.hark.engine.ctc.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import dev.hark.protocol.JsonMessages;

/**
 * A {@code ctc} checkpoint folder ({@code checkpoints/{model}-{dataset}-epoch-{N}/}): v1's
 * {@code training_metadata.json}, the model shape and vocabulary ({@code model_config.json}), the weights for
 * inference in our own format ({@code weights.bin}), the words of a closed vocabulary ({@code lexicon.txt}, see
 * {@link Lexicon}; absent for sentences and in older checkpoints), and for resuming the DJL parameters, the optimizer state and
 * the trainer's position.
 */
public final class Checkpoint {

    public static final String METADATA = "training_metadata.json";
    public static final String CONFIG = "model_config.json";
    public static final String WEIGHTS = "weights.bin";
    public static final String PARAMS = "model.params";
    public static final String OPTIMIZER = "optimizer.bin";
    public static final String STATE = "trainer_state.json";
    /** The model name trained checkpoints of this engine carry ({@code model_name} in v1). */
    public static final String MODEL_NAME = "ctc";

    private Checkpoint() {
    }

    /** Whether {@code dir} holds a ctc checkpoint the engine can run. */
    public static boolean isCtc(Path dir) {
        return Files.isRegularFile(dir.resolve(CONFIG)) && Files.isRegularFile(dir.resolve(WEIGHTS));
    }

    public static ModelConfig readConfig(Path dir) throws IOException {
        try {
            ModelConfig c = JsonMessages.GSON.fromJson(Files.readString(dir.resolve(CONFIG)), ModelConfig.class);
            if (c == null || !ModelConfig.ARCHITECTURE.equals(c.architecture())) {
                throw new IOException(dir.getFileName() + ": not a " + ModelConfig.ARCHITECTURE + " model");
            }
            return c;
        } catch (RuntimeException e) {
            throw new IOException(dir.getFileName() + ": unreadable " + CONFIG + ": " + e.getMessage(), e);
        }
    }

    public static void writeConfig(Path dir, ModelConfig config) throws IOException {
        Files.writeString(dir.resolve(CONFIG), JsonMessages.GSON.toJson(config));
    }

    /** Loads the model for inference (no DJL involved). */
    public static AcousticModel load(Path dir) throws IOException {
        ModelConfig config = readConfig(dir);
        return new AcousticModel(config, WeightFile.read(dir.resolve(WEIGHTS)), Lexicon.read(dir));
    }

    /** The checkpoint's training metadata, or an empty object. */
    public static JsonObject metadata(Path dir) {
        try {
            return JsonParser.parseString(Files.readString(dir.resolve(METADATA))).getAsJsonObject();
        } catch (IOException | RuntimeException e) {
            return new JsonObject();
        }
    }

    /** The checkpoint folder the latest pointer names, if it exists. */
    public static java.util.Optional<Path> latest(Path checkpoints, String model, String dataset) {
        Path pointer = checkpoints.resolve(dev.hark.training.run.CheckpointLayout.latestPointer(model, dataset));
        try {
            if (Files.isRegularFile(pointer)) {
                String name = Files.readString(pointer).strip();
                Path dir = checkpoints.resolve(name).normalize();
                if (dir.getParent().equals(checkpoints.normalize()) && Files.isDirectory(dir)) {
                    return java.util.Optional.of(dir);
                }
            }
        } catch (IOException e) {
            // fall through
        }
        return java.util.Optional.empty();
    }
}
