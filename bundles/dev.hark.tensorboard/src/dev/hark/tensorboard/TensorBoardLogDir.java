package dev.hark.tensorboard;

import dev.hark.core.runs.TrainingRunSource;
import dev.hark.protocol.runs.RunInfo;
import dev.hark.protocol.runs.ScalarSeries;
import dev.hark.tensorboard.internal.RunFolder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * A TensorBoard log folder as a source of runs, read the way TensorBoard reads it: every folder under it (and
 * itself) that holds {@code events.out.tfevents.*} files is a run named by its path relative to the log folder.
 * Files that are still being written are followed: each {@link #runs()} reads what was appended since the last
 * call. Symbolic links are not followed and the walk stops {@value #MAX_DEPTH} folders down. Thread-safe.
 */
public final class TensorBoardLogDir implements TrainingRunSource {

    public static final int MAX_DEPTH = 8;
    /** Points kept per tag before thinning (20 bytes each); see {@link dev.hark.tensorboard.internal.ScalarColumn}. */
    public static final int DEFAULT_POINTS_PER_TAG = 2_000_000;

    private final Path root;
    private final int pointsPerTag;
    private final Map<String, RunFolder> runs = new TreeMap<>();

    public TensorBoardLogDir(Path root) {
        this(root, DEFAULT_POINTS_PER_TAG);
    }

    public TensorBoardLogDir(Path root, int pointsPerTag) {
        this.root = root.toAbsolutePath().normalize();
        this.pointsPerTag = pointsPerTag;
    }

    public Path root() {
        return root;
    }

    @Override
    public String label() {
        return "TensorBoard: " + root;
    }

    @Override
    public synchronized List<RunInfo> runs() throws IOException {
        if (!Files.isDirectory(root)) {
            throw new NoSuchFileException(root.toString(), null, "not a folder");
        }
        for (Path folder : runFolders()) {
            String id = root.equals(folder) ? "." : root.relativize(folder).toString().replace('\\', '/');
            runs.computeIfAbsent(id, i -> new RunFolder(i, folder, pointsPerTag));
        }
        List<RunInfo> out = new ArrayList<>();
        long now = System.currentTimeMillis();
        for (RunFolder run : runs.values()) {
            run.poll();
            out.add(run.info(now));
        }
        return out;
    }

    private List<Path> runFolders() throws IOException {
        List<Path> folders = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(root, MAX_DEPTH, new FileVisitOption[0])) {
            walk.filter(p -> Files.isRegularFile(p) && RunFolder.isEventFile(p))
                    .map(Path::getParent).distinct().forEach(folders::add);
        } catch (UncheckedIOException e) {   // a folder that cannot be read during the walk
            throw e.getCause();
        }
        return folders;
    }

    @Override
    public synchronized ScalarSeries series(String runId, String tag, int maxPoints) throws IOException {
        RunFolder run = runs.get(runId);
        if (run == null) {
            runs();
            run = runs.get(runId);
        }
        if (run == null) {
            throw new IllegalArgumentException("no run " + runId + " in " + root);
        }
        return run.series(tag, maxPoints);
    }
}
