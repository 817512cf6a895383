package dev.hark.protocol.rest;

/** The answer of {@code POST /api/dataset/download} and {@code /api/dataset/generate}: the job started (or was not needed). */
public record DatasetJob(String message, String path, String status) {
}
