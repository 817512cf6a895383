package dev.hark.training;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.ToLongFunction;
import java.util.stream.Stream;

/**
 * Where training workers keep PyTorch's native libraries, which DJL unpacks from its jar on first use (about
 * 432 MB), and how a run explains a full disk. The cache is shared by every data folder of the user (so a small data
 * volume, and several data folders, do not each pay for it): the first of
 * <ol>
 * <li>the system property {@value #PROPERTY},</li>
 * <li>the environment variable {@value #ENV},</li>
 * <li>{@code $XDG_CACHE_HOME/hark/djl},</li>
 * <li>{@code ~/.cache/hark/djl},</li>
 * </ol>
 * and the data folder's {@code cache/djl} only when none of these can be created.
 */
public final class NativeCache {

    public static final String PROPERTY = "hark.djl.cache";
    public static final String ENV = "HARK_DJL_CACHE";
    /** What PyTorch's natives take once unpacked, with some room. */
    static final long NEEDED_BYTES = 480L << 20;
    /** How a full disk reads in a Java or native error (strerror(ENOSPC)). */
    static final String NO_SPACE = "No space left on device";

    private NativeCache() {
    }

    /** The cache folder for a server whose data folder is {@code dataDir}. */
    public static Path location(Path dataDir, Map<String, String> env, String property, String userHome) {
        if (property != null && !property.isBlank()) {
            return Path.of(property);
        }
        String fromEnv = env.get(ENV);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return Path.of(fromEnv);
        }
        String xdg = env.get("XDG_CACHE_HOME");
        Path shared = xdg != null && !xdg.isBlank() ? Path.of(xdg, "hark", "djl")
                : userHome == null || userHome.isBlank() ? null : Path.of(userHome, ".cache", "hark", "djl");
        if (shared != null) {
            try {
                Files.createDirectories(shared);
                if (Files.isWritable(shared)) {
                    return shared;
                }
            } catch (IOException | SecurityException e) {
                // not creatable (read-only home, no home): the data folder's own cache
            }
        }
        return dataDir.resolve("cache").resolve("djl");
    }

    /** {@link #location(Path, Map, String, String)} from this JVM's properties and environment. */
    public static Path location(Path dataDir) {
        return location(dataDir, System.getenv(), System.getProperty(PROPERTY), System.getProperty("user.home"));
    }

    /** Whether PyTorch's natives are unpacked in {@code cache} already (a {@code libtorch} library anywhere in it). */
    static boolean populated(Path cache) {
        if (!Files.isDirectory(cache)) {
            return false;
        }
        try (Stream<Path> files = Files.walk(cache, 4)) {
            return files.anyMatch(p -> p.getFileName().toString().startsWith("libtorch"));
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Fails before a worker starts when the natives still have to be unpacked and the cache's disk has too little
     * room for them.
     *
     * @param usableBytes free bytes of the disk holding a folder (the file store's usable space but in tests)
     */
    static void checkRoom(Path cache, ToLongFunction<Path> usableBytes) throws IOException {
        if (populated(cache)) {
            return;
        }
        long free = usableBytes.applyAsLong(cache);
        if (free >= 0 && free < NEEDED_BYTES) {
            throw new IOException(String.format(Locale.ROOT,
                    "no space left on device for PyTorch's native libraries: %s needs about %d MB once, %d MB are free (set %s to a"
                            + " folder on a larger disk)", cache, NEEDED_BYTES >> 20, free >> 20, ENV));
        }
    }

    static long usableBytes(Path folder) {
        try {
            return Files.getFileStore(folder).getUsableSpace();
        } catch (IOException e) {
            return -1;
        }
    }

    /**
     * The reason to report for a failed run when what the worker said (its error and standard error) shows a full disk;
     * empty otherwise.
     */
    static Optional<String> noSpaceReason(String workerOutput, Path cache, Path checkpoints) {
        if (workerOutput == null || !(workerOutput.contains(NO_SPACE) || workerOutput.contains("ENOSPC"))) {
            return Optional.empty();
        }
        return Optional.of("the training worker failed: no space left on device (PyTorch's native libraries in " + cache
                + " need about " + (NEEDED_BYTES >> 20) + " MB once; checkpoints go to " + checkpoints + "); last checkpoint kept");
    }
}
