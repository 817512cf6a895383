package dev.hark.protocol.rest;

import java.util.List;

/**
 * {@code POST /api/dataset/generate} body. {@code name} is accepted for {@code dataset_name}; {@code kind} is
 * {@code digits} (default), {@code commands} or {@code sentences}; {@code voices} like {@code "flite:slt"}.
 */
public record GenerateRequest(String datasetName, String name, String kind, Integer count, Long seed, List<String> voices) {

    public static final int DEFAULT_COUNT = 500;
    public static final long DEFAULT_SEED = 42;

    public static GenerateRequest of(String datasetName, String kind, int count, List<String> voices) {
        return new GenerateRequest(datasetName, null, kind, count, null, voices);
    }
}
