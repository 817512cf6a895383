package dev.hark.protocol.runs;

import java.util.List;

/** {@code DELETE /v2/runs/{id}}: the run deleted, with the checkpoint folders that went with it. */
public record RunDeleted(String id, List<String> checkpoints, String message) {

    public RunDeleted {
        checkpoints = checkpoints == null ? List.of() : List.copyOf(checkpoints);
    }
}
