package dev.hark.protocol.rest;

import java.util.List;
import java.util.Map;

import dev.hark.protocol.training.DatasetProgress;

/**
 * One entry of {@code GET /api/datasets} and the body of {@code GET /api/datasets/{name}}.
 *
 * @param status   one of the {@code STATUS_*} constants
 * @param progress the last progress of a running download or generation, else null
 * @param error    why the last download failed, else null
 */
public record DatasetInfo(String name, String status, String path, int numFiles, double sizeMb, double hours, Integer skippedEntries,
        List<String> problems, Config config, DatasetProgress progress, String error) {

    public static final String STATUS_DOWNLOADED = "downloaded";
    public static final String STATUS_NOT_DOWNLOADED = "not_downloaded";
    public static final String STATUS_DOWNLOADING = "downloading";
    public static final String STATUS_GENERATING = "generating";
    public static final String STATUS_FAILED = "failed";

    public boolean downloaded() {
        return STATUS_DOWNLOADED.equals(status);
    }

    /** How the dataset is laid out and where it comes from; {@code generator} for synthetic datasets. */
    public record Config(String layout, int sampleRate, double validationSplit, String url, String description,
            Map<String, Object> generator) {
    }
}
