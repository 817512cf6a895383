package dev.hark.protocol.rest;

import java.util.List;

/** {@code GET /api/health}. */
public record Health(String status, String server, List<Integer> protocols, int models) {
}
