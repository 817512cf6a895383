package dev.hark.core.services;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import dev.hark.protocol.rest.BulkDeleteResult;
import dev.hark.protocol.rest.ModelEntry;

/**
 * The server's models and checkpoints, and the model chosen for live transcription. Server calls block:
 * run them off the UI thread.
 */
public interface ModelService {

    /** Engine models and checkpoint folders. */
    List<ModelEntry> models() throws ServerCallException;

    /** Checkpoint folders, newest first. */
    List<ModelEntry> checkpoints() throws ServerCallException;

    BulkDeleteResult delete(List<String> names) throws ServerCallException;

    /** Saves the zip of the named checkpoints to {@code target}. */
    Path downloadZip(List<String> names, Path target) throws ServerCallException;

    /**
     * Chooses {@code name} for live transcription (null or blank: the server's default): remembered, and
     * published on {@link dev.hark.core.HarkTopics#MODEL_FOR_LIVE} (blank for the default) so that the Live
     * view follows, open or opened later. Does not block.
     */
    void useForLive(String name);

    /** The model last chosen with {@link #useForLive(String)}, if any. */
    Optional<String> liveModel();
}
