package dev.hark.protocol.rest;

/**
 * The answer of {@code POST /api/dataset/download} and {@code /api/dataset/generate}: the job started (or was not needed).
 *
 * @param numWavs for a dataset already present, its number of audio files (v1's "already exists" answer:
 *                {@code {"message": "Dataset 'x' already exists", "path", "num_wavs"}}); else null
 */
public record DatasetJob(String message, String path, String status, Integer numWavs) {

    /** A job that started (or a state without a file count). */
    public DatasetJob(String message, String path, String status) {
        this(message, path, status, null);
    }
}
