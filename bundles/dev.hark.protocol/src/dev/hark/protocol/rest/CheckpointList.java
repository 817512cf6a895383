package dev.hark.protocol.rest;

import java.util.List;

/** {@code GET /api/checkpoints}, newest first. */
public record CheckpointList(List<ModelEntry> checkpoints) {
}
