package dev.hark.protocol.rest;

import java.util.List;

/** {@code GET /api/config}: what the server offers, in v1's shape plus Hark's default model. */
public record ServerConfig(List<String> availableModels, List<String> availableDatasets, TrainingDefaults trainingConfig,
        String defaultModel, String defaultModelAlias) {
}
