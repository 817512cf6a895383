package dev.hark.server.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code checkpoint_path}: a name, or the server's own path of a checkpoint (what /api/models gives), never outside. */
class CheckpointStoreTest {

    @TempDir
    Path data;

    @Test
    void aPathInsideTheCheckpointsFolderIsItsName() throws Exception {
        Path folder = Files.createDirectories(data.resolve("checkpoints"));
        Files.createDirectories(folder.resolve("ctc-digits-epoch-3"));
        CheckpointStore store = new CheckpointStore(folder);
        assertEquals("ctc-digits-epoch-3", store.nameOf("ctc-digits-epoch-3"));
        assertEquals("ctc-digits-epoch-3", store.nameOf(folder.resolve("ctc-digits-epoch-3").toString()));
        assertEquals("ctc-digits-epoch-3", store.nameOf(folder.resolve("x").resolve("..").resolve("ctc-digits-epoch-3").toString()));
        // the same folder through a symlink
        Path link = Files.createSymbolicLink(data.resolve("link"), folder);
        assertEquals("ctc-digits-epoch-3", store.nameOf(link.resolve("ctc-digits-epoch-3").toString()));
    }

    @Test
    void anythingElseIsRefused() throws Exception {
        Path folder = Files.createDirectories(data.resolve("checkpoints"));
        Path outside = Files.createDirectories(data.resolve("elsewhere").resolve("secret"));
        Files.createSymbolicLink(folder.resolve("sneaky"), outside);
        CheckpointStore store = new CheckpointStore(folder);
        for (String bad : new String[] { "/etc/passwd", folder.resolve("..").resolve("..").resolve("etc").toString(),
                outside.toString(), folder.resolve(".hidden").toString(), folder.resolve("sneaky").toString(), "../checkpoints/x", ".",
                folder.toString(), "a/b" }) {
            assertThrows(IllegalArgumentException.class, () -> store.nameOf(bad), bad);
        }
    }
}
