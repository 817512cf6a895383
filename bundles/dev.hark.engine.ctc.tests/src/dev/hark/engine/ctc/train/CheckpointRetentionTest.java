package dev.hark.engine.ctc.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointRetentionTest {

    @TempDir
    Path dir;

    final List<String> removed = new ArrayList<>();

    Path checkpoint(String name) throws IOException {
        Path d = Files.createDirectories(dir.resolve(name));
        Files.writeString(d.resolve("weights.bin"), name);
        Files.createDirectories(d.resolve("sub"));
        Files.writeString(d.resolve("sub").resolve("x"), "x");
        return d;
    }

    List<String> left() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    void prune(int keep, String keepName) throws IOException {
        CheckpointRetention.prune(dir, "ctc", "ds", keep, keepName, p -> removed.add(p.getFileName().toString()));
    }

    @Test
    void keepsTheNewestByEpochNumberNotByName() throws IOException {
        for (int epoch : new int[] { 1, 2, 9, 10, 11 }) {
            checkpoint("ctc-ds-epoch-" + epoch);
        }
        prune(2, "ctc-ds-epoch-11");
        assertEquals(List.of("ctc-ds-epoch-10", "ctc-ds-epoch-11"), left());
        assertEquals(List.of("ctc-ds-epoch-1", "ctc-ds-epoch-2", "ctc-ds-epoch-9"), removed, "oldest first");
    }

    @Test
    void leavesOtherModelsDatasetsFilesAndPointersAlone() throws IOException {
        for (int epoch = 1; epoch <= 3; epoch++) {
            checkpoint("ctc-ds-epoch-" + epoch);
            checkpoint("ctc-ds2-epoch-" + epoch);
            checkpoint("other-ds-epoch-" + epoch);
            checkpoint("ctc-dsXepoch-" + epoch);
        }
        checkpoint("ctc-ds-epoch-3-copy");
        Files.writeString(dir.resolve("ctc-ds-latest"), "ctc-ds-epoch-3\n");
        Files.writeString(dir.resolve("ctc-ds-epoch-0"), "a file, not a checkpoint");
        prune(1, "ctc-ds-epoch-3");
        assertEquals(List.of("ctc-ds-epoch-1", "ctc-ds-epoch-2"), removed);
        List<String> left = left();
        assertEquals(13, left.size(), left.toString());
        assertTrue(left.containsAll(List.of("ctc-ds-epoch-0", "ctc-ds-epoch-3", "ctc-ds-epoch-3-copy", "ctc-ds-latest", "ctc-ds2-epoch-1",
                "other-ds-epoch-1", "ctc-dsXepoch-1")), left.toString());
    }

    @Test
    void datasetNamesAreNotPatterns() throws IOException {
        checkpoint("ctc-a.b-epoch-1");
        checkpoint("ctc-aXb-epoch-1");
        checkpoint("ctc-a.b-epoch-2");
        CheckpointRetention.prune(dir, "ctc", "a.b", 1, "ctc-a.b-epoch-2", p -> removed.add(p.getFileName().toString()));
        assertEquals(List.of("ctc-a.b-epoch-1"), removed);
        assertTrue(Files.isDirectory(dir.resolve("ctc-aXb-epoch-1")));
    }

    @Test
    void theCheckpointJustWrittenIsNeverRemoved() throws IOException {
        for (int epoch = 1; epoch <= 4; epoch++) {
            checkpoint("ctc-ds-epoch-" + epoch);
        }
        // a stopped run resumed from epoch 2 writes epoch 2 again while 3 and 4 exist
        prune(1, "ctc-ds-epoch-2");
        assertEquals(List.of("ctc-ds-epoch-2", "ctc-ds-epoch-4"), left());
    }

    @Test
    void zeroKeepsAll() throws IOException {
        for (int epoch = 1; epoch <= 4; epoch++) {
            checkpoint("ctc-ds-epoch-" + epoch);
        }
        prune(0, "ctc-ds-epoch-4");
        assertEquals(4, left().size());
        assertTrue(removed.isEmpty());
    }

    @Test
    void staleTemporariesAreRemovedWithTheirContents() throws IOException {
        checkpoint(".ctc-ds-epoch-3.tmp-12345");
        checkpoint("ctc-ds-epoch-2");
        checkpoint(".hidden");
        Files.writeString(dir.resolve("ctc-ds-latest"), "ctc-ds-epoch-2\n");
        CheckpointRetention.removeStaleTemporaries(dir, p -> removed.add(p.getFileName().toString()));
        assertEquals(List.of(".ctc-ds-epoch-3.tmp-12345"), removed);
        assertEquals(List.of(".hidden", "ctc-ds-epoch-2", "ctc-ds-latest"), left());
    }

    @Test
    void noFolderNoTemporaries() throws IOException {
        CheckpointRetention.removeStaleTemporaries(dir.resolve("absent"), p -> removed.add(p.toString()));
        assertTrue(removed.isEmpty());
        assertFalse(Files.exists(dir.resolve("absent")));
    }

    @Test
    void temporaryNames() {
        assertTrue(CheckpointRetention.isTemporary(".ctc-ds-epoch-1.tmp-987"));
        assertFalse(CheckpointRetention.isTemporary("ctc-ds-epoch-1.tmp-987"));
        assertFalse(CheckpointRetention.isTemporary(".ctc-ds-latest.tmp"));
    }

    @Test
    void aRunPrunesOnlyItsOwnCheckpoints() throws IOException {
        for (int e = 1; e <= 3; e++) {
            checkpoint("ctc-ds-r261127100000-epoch-" + e);
            checkpoint("ctc-ds-epoch-" + e);
        }
        checkpoint("ctc-ds-r261127110000-epoch-1");
        checkpoint("ctc-ds-r261127110000-epoch-2");
        CheckpointRetention.prune(dir, "ctc-ds-r261127110000", 1, "ctc-ds-r261127110000-epoch-2",
                p -> removed.add(p.getFileName().toString()));
        assertEquals(List.of("ctc-ds-r261127110000-epoch-1"), removed);
        assertEquals(List.of("ctc-ds-epoch-1", "ctc-ds-epoch-2", "ctc-ds-epoch-3", "ctc-ds-r261127100000-epoch-1",
                "ctc-ds-r261127100000-epoch-2", "ctc-ds-r261127100000-epoch-3", "ctc-ds-r261127110000-epoch-2"), left());
    }
}
