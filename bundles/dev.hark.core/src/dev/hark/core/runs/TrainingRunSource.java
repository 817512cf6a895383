package dev.hark.core.runs;

import dev.hark.protocol.runs.RunInfo;
import dev.hark.protocol.runs.ScalarSeries;

import java.io.IOException;
import java.util.List;

/**
 * A place training runs come from: a Hark server, an asr-test backend, a TensorBoard log folder. The runs view and
 * {@code hark runs} read every source through this interface. Calls may block on disk or network: never call them
 * on the UI or EventAdmin threads. Implementations are thread-safe.
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

    @Override
    default void close() {
    }
}
