package dev.hark.protocol.rest;

/** {@code POST /api/dataset/download} body. */
public record DownloadRequest(String datasetName) {
}
