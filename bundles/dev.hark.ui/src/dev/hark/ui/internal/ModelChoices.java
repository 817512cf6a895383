package dev.hark.ui.internal;

import java.util.List;

import dev.hark.protocol.rest.ServerConfig;
import dev.hark.protocol.rest.TrainingDefaults;

/** What the model pickers offer, from the server's {@code /api/config}: nothing hard-coded. */
public final class ModelChoices {

    private ModelChoices() {
    }

    /**
     * The models the server trains: a Hark server names them ({@code training_config.trainable_models}, empty when it
     * cannot train); an older (asr-test) server does not, and trains what it lists in {@code available_models}.
     */
    public static List<String> trainable(ServerConfig config) {
        if (config == null) {
            return List.of();
        }
        TrainingDefaults t = config.trainingConfig();
        if (t != null && t.trainableModels() != null) {
            return List.copyOf(t.trainableModels());
        }
        return config.availableModels() == null ? List.of() : List.copyOf(config.availableModels());
    }

    /** The model a File inference starts with: the server's default, else the first it offers, else none (""). */
    public static String inferenceDefault(ServerConfig config) {
        if (config == null) {
            return "";
        }
        if (config.defaultModel() != null && !config.defaultModel().isBlank()) {
            return config.defaultModel();
        }
        List<String> available = config.availableModels();
        return available == null || available.isEmpty() ? "" : available.getFirst();
    }

    /** Which of {@code items} to select: the one chosen before if still offered, else the first ("" when none). */
    public static String keep(List<String> items, String before) {
        if (before != null && items.contains(before)) {
            return before;
        }
        return items.isEmpty() ? "" : items.getFirst();
    }
}
