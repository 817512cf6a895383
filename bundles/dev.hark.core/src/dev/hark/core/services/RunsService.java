package dev.hark.core.services;

import dev.hark.core.runs.RunKey;
import dev.hark.core.runs.RunsSnapshot;
import dev.hark.protocol.runs.CheckpointInfo;
import dev.hark.protocol.runs.RunDeleted;
import dev.hark.protocol.runs.ScalarSeries;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Training runs from every source the workbench follows (TensorBoard log folders, the server in use — a Hark server's
 * runs as it pushes them, the runs observed on an asr-test backend — and plugins' sources), read again every couple
 * of seconds by the service's own thread (a push reads at once); each change is published as a {@link RunsSnapshot} on
 * {@link dev.hark.core.HarkTopics#RUNS_CHANGED}. The folder list is kept in the preferences.
 */
public interface RunsService {

    /** The TensorBoard log folders followed, in the order they were added. */
    List<Path> tensorBoardFolders();

    /** Follows a folder (kept across restarts); a folder already followed is left as it is. */
    void addTensorBoardFolder(Path folder);

    void removeTensorBoardFolder(Path folder);

    /** The runs as of the last read. Never blocks. */
    RunsSnapshot snapshot();

    /** One tag of one run, downsampled to at most {@code maxPoints}. Blocks on disk: never on the UI thread. */
    ScalarSeries series(RunKey run, String tag, int maxPoints) throws IOException;

    /**
     * The checkpoints of one run ({@link dev.hark.core.runs.TrainingRunSource#checkpoints}); empty for a source that keeps
     * none. Blocks on disk or network: never on the UI thread.
     */
    default List<CheckpointInfo> checkpoints(RunKey run) throws IOException {
        return List.of();
    }

    /** Whether the run's source can delete it ({@link #delete}). Never blocks. */
    default boolean canDelete(RunKey run) {
        return false;
    }

    /**
     * Deletes a run with its checkpoints and history at its source, then reads the runs again (the run leaves the next
     * snapshot). Blocks on the network: never on the UI thread.
     *
     * @throws UnsupportedOperationException when its source cannot delete runs
     * @throws IOException with the source's reason when it refuses (a run in progress: stop it first) or fails
     */
    default RunDeleted delete(RunKey run) throws IOException {
        throw new UnsupportedOperationException(run.source() + " cannot delete runs");
    }
}
