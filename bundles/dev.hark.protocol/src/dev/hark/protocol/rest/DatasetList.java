package dev.hark.protocol.rest;

import java.util.List;

/** {@code GET /api/datasets}. */
public record DatasetList(List<DatasetInfo> datasets) {
}
