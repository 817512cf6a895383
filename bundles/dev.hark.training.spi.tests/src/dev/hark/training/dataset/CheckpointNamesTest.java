package dev.hark.training.dataset;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.hark.training.run.CheckpointLayout;
import dev.hark.training.run.CheckpointNames;

/** v1's names for the newest run's checkpoints, and both names accepted. */
class CheckpointNamesTest {

    static final String OLD = "r261127100000";
    static final String NEW = "r261127110000";

    @TempDir
    Path dir;

    Path folder(String tag, int epoch, long modifiedSeconds) throws Exception {
        Path p = Files.createDirectories(dir.resolve(CheckpointLayout.folderName("ctc", "digits", tag, epoch)));
        Files.setLastModifiedTime(p, FileTime.fromMillis(modifiedSeconds * 1000));
        return p;
    }

    void pointTo(String tag, int epoch) throws Exception {
        Files.writeString(dir.resolve(CheckpointLayout.latestPointer("ctc", "digits")),
                CheckpointLayout.folderName("ctc", "digits", tag, epoch) + "\n");
    }

    @Test
    void theNewestRunHasTheV1NamesAndEarlierRunsKeepTheirOwn() throws Exception {
        folder(OLD, 1, 100);
        folder(OLD, 2, 200);
        folder(OLD, 3, 300);
        folder(NEW, 1, 400);
        pointTo(NEW, 1);
        CheckpointNames names = CheckpointNames.of(dir);
        assertEquals(Optional.of(NEW), names.newestTag("ctc", "digits"));
        assertEquals("ctc-digits-epoch-1", names.shown("ctc-digits-" + NEW + "-epoch-1"));
        assertEquals("ctc-digits-" + OLD + "-epoch-1", names.shown("ctc-digits-" + OLD + "-epoch-1"));
        assertEquals(Optional.of("ctc-digits-" + NEW + "-epoch-1"), names.resolve("ctc-digits-epoch-1"));
        assertEquals(Optional.empty(), names.resolve("ctc-digits-epoch-3"), "epoch 3 of the newest run does not exist");
        assertEquals(Optional.of("ctc-digits-" + OLD + "-epoch-3"), names.resolve("ctc-digits-" + OLD + "-epoch-3"));
        assertEquals(Optional.empty(), names.resolve("ctc-digits-" + OLD + "-epoch-9"));
        assertEquals(Optional.empty(), names.resolve("ctc-other-epoch-1"));
    }

    @Test
    void withoutAPointerTheNewestFolderDecides() throws Exception {
        folder(OLD, 1, 500);
        folder(NEW, 1, 400);
        CheckpointNames names = CheckpointNames.of(dir);
        assertEquals(Optional.of(OLD), names.newestTag("ctc", "digits"));
        assertEquals("ctc-digits-epoch-1", names.shown("ctc-digits-" + OLD + "-epoch-1"));
    }

    @Test
    void aRealV1FolderOfAnEarlierVersionWins() throws Exception {
        Files.createDirectories(dir.resolve("ctc-digits-epoch-1"));
        folder(NEW, 1, 400);
        folder(NEW, 2, 500);
        pointTo(NEW, 2);
        CheckpointNames names = CheckpointNames.of(dir);
        assertEquals(Optional.of("ctc-digits-epoch-1"), names.resolve("ctc-digits-epoch-1"));
        assertEquals("ctc-digits-" + NEW + "-epoch-1", names.shown("ctc-digits-" + NEW + "-epoch-1"));
        assertEquals("ctc-digits-epoch-2", names.shown("ctc-digits-" + NEW + "-epoch-2"));
        assertEquals("ctc-digits-epoch-1", names.shown("ctc-digits-epoch-1"));
    }

    @Test
    void anEmptyOrAbsentFolderHasNoNames() {
        CheckpointNames names = CheckpointNames.of(dir.resolve("absent"));
        assertEquals(Optional.empty(), names.resolve("ctc-digits-epoch-1"));
        assertEquals("ctc-digits-epoch-1", names.shown("ctc-digits-epoch-1"));
        assertEquals(Optional.empty(), names.resolve(null));
    }
}
