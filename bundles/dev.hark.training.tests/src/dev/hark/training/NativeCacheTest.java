package dev.hark.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NativeCacheTest {

    @TempDir
    Path dir;

    @Test
    void sharedByDataFoldersUnderTheUsersCache() {
        Path home = dir.resolve("home");
        Path a = NativeCache.location(dir.resolve("data-a"), Map.of(), null, home.toString());
        Path b = NativeCache.location(dir.resolve("data-b"), Map.of(), null, home.toString());
        assertEquals(home.resolve(".cache/hark/djl"), a);
        assertEquals(a, b, "two data folders share one cache");
        assertTrue(Files.isDirectory(a));
        assertEquals(dir.resolve("xdg/hark/djl"),
                NativeCache.location(dir.resolve("data-a"), Map.of("XDG_CACHE_HOME", dir.resolve("xdg").toString()), null, home.toString()));
    }

    @Test
    void thePropertyThenTheEnvironmentVariableWin() {
        Map<String, String> env = Map.of(NativeCache.ENV, "/big/disk/djl", "XDG_CACHE_HOME", dir.toString());
        assertEquals(Path.of("/prop/djl"), NativeCache.location(dir, env, "/prop/djl", dir.toString()));
        assertEquals(Path.of("/big/disk/djl"), NativeCache.location(dir, env, null, dir.toString()));
    }

    @Test
    void theDataFolderWhenTheUsersCacheCannotBeMade() throws IOException {
        Path file = Files.writeString(dir.resolve("not-a-folder"), "x"); // a "home" under which nothing can be created
        assertEquals(dir.resolve("data/cache/djl"), NativeCache.location(dir.resolve("data"), Map.of(), null, file.toString()));
    }

    @Test
    void tooLittleRoomForTheNativesFailsBeforeTheWorkerStarts() throws IOException {
        Path cache = Files.createDirectories(dir.resolve("cache"));
        IOException e = assertThrows(IOException.class, () -> NativeCache.checkRoom(cache, p -> 100L << 20));
        assertTrue(e.getMessage().startsWith("no space left on device for PyTorch's native libraries: " + cache), e.getMessage());
        assertTrue(e.getMessage().contains("100 MB are free"), e.getMessage());
        NativeCache.checkRoom(cache, p -> 10L << 30); // room enough
        Files.createDirectories(cache.resolve("pytorch/2.7.1-cpu-linux-x86_64"));
        Files.writeString(cache.resolve("pytorch/2.7.1-cpu-linux-x86_64/libtorch.so"), "");
        NativeCache.checkRoom(cache, p -> 0L); // unpacked already: nothing more is needed
    }

    @Test
    void aFullDiskIsNamedAsTheReasonOfAFailedRun() {
        Path cache = Path.of("/c"), checkpoints = Path.of("/d/checkpoints");
        String tail = "INFO ai.djl.pytorch.jni.LibUtils - Extracting native libraries\n"
                + "java.io.IOException: No space left on device\n\tat java.base/sun.nio.ch.FileDispatcherImpl.write0(Native Method)";
        String reason = NativeCache.noSpaceReason(tail, cache, checkpoints).orElseThrow();
        assertTrue(reason.startsWith("the training worker failed: no space left on device"), reason);
        assertTrue(reason.contains("/c") && reason.contains("/d/checkpoints"), reason);
        assertTrue(NativeCache.noSpaceReason("INFO loading audio: 10 of 20", cache, checkpoints).isEmpty());
    }
}
