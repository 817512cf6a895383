package dev.hark.protocol.rest;

/** The answer of {@code POST /api/train/start} and {@code /api/train/resume}. */
public record TrainStarted(String message, String runId, String resumedFrom) {
}
