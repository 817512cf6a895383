package dev.hark.protocol.rest;

import java.util.List;

/** {@code GET /api/models}. */
public record ModelList(List<ModelEntry> models) {
}
