package dev.hark.core.runs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.hark.core.services.RunsService;
import dev.hark.protocol.runs.RunInfo;
import dev.hark.protocol.runs.ScalarSeries;

/**
 * Sources and runs services written for the 1.0 API (without checkpoints or deletion) keep working under 1.1: they
 * list no checkpoints and say they cannot delete, and a delete asked of them fails naming the source.
 */
class TrainingRunSourceDefaultsTest {

    /** A 1.0 source: runs and series only. */
    static final class OldSource implements TrainingRunSource {
        @Override
        public String label() {
            return "TensorBoard: /logs";
        }

        @Override
        public List<RunInfo> runs() {
            return List.of();
        }

        @Override
        public ScalarSeries series(String runId, String tag, int maxPoints) {
            throw new IllegalArgumentException(runId);
        }
    }

    @Test
    void aSourceWithoutCheckpointsOrDeletion() throws Exception {
        OldSource s = new OldSource();
        assertEquals(List.of(), s.checkpoints("run"));
        assertFalse(s.canDelete());
        var e = assertThrows(UnsupportedOperationException.class, () -> s.delete("run"));
        assertTrue(e.getMessage().contains("TensorBoard: /logs"), e.getMessage());
    }

    @Test
    void aRunsServiceWithoutCheckpointsOrDeletion() throws Exception {
        RunsService old = new RunsService() {
            @Override
            public List<java.nio.file.Path> tensorBoardFolders() {
                return List.of();
            }

            @Override
            public void addTensorBoardFolder(java.nio.file.Path folder) {
            }

            @Override
            public void removeTensorBoardFolder(java.nio.file.Path folder) {
            }

            @Override
            public RunsSnapshot snapshot() {
                return RunsSnapshot.EMPTY;
            }

            @Override
            public ScalarSeries series(RunKey run, String tag, int maxPoints) {
                throw new IllegalArgumentException(run.runId());
            }
        };
        RunKey key = new RunKey("TensorBoard: /logs", "tbx");
        assertEquals(List.of(), old.checkpoints(key));
        assertFalse(old.canDelete(key));
        var e = assertThrows(UnsupportedOperationException.class, () -> old.delete(key));
        assertTrue(e.getMessage().contains("TensorBoard: /logs"), e.getMessage());
    }
}
