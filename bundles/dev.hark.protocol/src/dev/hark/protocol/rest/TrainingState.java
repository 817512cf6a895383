package dev.hark.protocol.rest;

/** {@code GET /api/status}. */
public record TrainingState(boolean isTraining) {
}
