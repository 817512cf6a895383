package dev.hark.core.runs;

import dev.hark.protocol.runs.CheckpointInfo;
import dev.hark.protocol.runs.RunDeleted;
import dev.hark.protocol.runs.RunInfo;
import dev.hark.protocol.runs.ScalarSeries;

import java.io.IOException;
import java.util.List;

/**
 * A place training runs come from: a Hark server, an asr-test backend, a TensorBoard log folder. The runs view and
 * {@code hark runs} read every source through this interface. Calls may block on disk or network: never call them
 * on the UI or EventAdmin threads. Implementations are thread-safe.
 * <p>
 * Since 1.1 a source may also list a run's checkpoints ({@link #checkpoints}) and delete runs ({@link #canDelete},
 * {@link #delete}); the defaults are a source without either (a TensorBoard folder), so sources written for 1.0 keep
 * working.
 */
public interface TrainingRunSource extends AutoCloseable {

    /** What the user sees for this source, e.g. "TensorBoard: /data/logs". */
    String label();

    /** The source's runs as of now: reads what is new since the last call (a growing event file, a new run). */
    List<RunInfo> runs() throws IOException;

    /**
     * One tag of one run, downsampled to at most {@code maxPoints} points (extremes and non-finite values kept; see
     * {@link Downsampler}); {@code maxPoints} &le; 0 means all points.
     *
     * @throws IllegalArgumentException when the run or tag is unknown
     */
    ScalarSeries series(String runId, String tag, int maxPoints) throws IOException;

    /**
     * The checkpoints a run saved, by epoch; empty for a source that keeps none (the default).
     *
     * @throws IllegalArgumentException when the run is unknown
     * @since 1.1
     */
    default List<CheckpointInfo> checkpoints(String runId) throws IOException {
        return List.of();
    }

    /**
     * Whether this source can delete its runs ({@link #delete}); false by default (a folder of someone else's logs).
     *
     * @since 1.1
     */
    default boolean canDelete() {
        return false;
    }

    /**
     * Deletes a run with its checkpoints and its metric history.
     *
     * @return what went
     * @throws UnsupportedOperationException when the source cannot delete ({@link #canDelete()} false; the default)
     * @throws IllegalArgumentException when the run is unknown
     * @throws IOException when the source refuses (a run in progress) or cannot be reached, with its reason
     * @since 1.1
     */
    default RunDeleted delete(String runId) throws IOException {
        throw new UnsupportedOperationException(label() + " cannot delete runs");
    }

    @Override
    default void close() {
    }
}
