package dev.hark.protocol.rest;

import java.util.List;

/** {@code DELETE /api/models} with a JSON array of names. */
public record BulkDeleteResult(List<String> deleted, List<Failure> failed, String message) {

    /** A name that was not deleted, and why. */
    public record Failure(String modelName, String error) {
    }
}
