package dev.hark.engine.ctc.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import dev.hark.training.run.CheckpointLayout;

import org.apache.commons.io.FileUtils;

/**
 * What stays in the checkpoints folder: the newest epoch checkpoints of a run (one series of names, see
 * {@link CheckpointLayout#series}) up to the retention count — never another run's — and no half-written folder of a
 * worker that was killed while saving.
 */
final class CheckpointRetention {

    private CheckpointRetention() {
    }

    /** {@link #prune(Path, String, int, String, Consumer)} of v1's series {@code {model}-{dataset}} (no run tag). */
    static void prune(Path checkpoints, String model, String dataset, int keep, String keepName, Consumer<Path> removed)
            throws IOException {
        prune(checkpoints, CheckpointLayout.series(model, dataset, null), keep, keepName, removed);
    }

    /**
     * Deletes the epoch checkpoint folders of one series (one run's, {@code {model}-{dataset}[-{tag}]}) beyond the newest {@code keep} (by
     * epoch number); never {@code keepName}, nor other runs', models' or datasets' folders. {@code keep <= 0} keeps all.
     *
     * @param removed told of each folder after it is deleted
     */
    static void prune(Path checkpoints, String series, int keep, String keepName, Consumer<Path> removed) throws IOException {
        if (keep <= 0) {
            return;
        }
        List<Path> mine = new ArrayList<>();
        try (Stream<Path> list = Files.list(checkpoints)) {
            list.filter(Files::isDirectory)
                    .filter(d -> CheckpointLayout.epochOfSeries(d.getFileName().toString(), series).isPresent())
                    .forEach(mine::add);
        }
        mine.sort(Comparator.comparingInt(d -> CheckpointLayout.epochOfSeries(d.getFileName().toString(), series).orElseThrow()));
        for (int i = 0; i < mine.size() - keep; i++) {
            if (!mine.get(i).getFileName().toString().equals(keepName)) {
                FileUtils.deleteDirectory(mine.get(i).toFile());
                removed.accept(mine.get(i));
            }
        }
    }

    /** Whether {@code name} is the temporary folder of a checkpoint being written ({@code .{name}.tmp-*}). */
    static boolean isTemporary(String name) {
        return CheckpointLayout.isTemporary(name);
    }

    /**
     * Deletes half-written checkpoint folders (of a worker killed while saving).
     *
     * @param removed told of each folder after it is deleted
     */
    static void removeStaleTemporaries(Path checkpoints, Consumer<Path> removed) throws IOException {
        if (!Files.isDirectory(checkpoints)) {
            return;
        }
        try (Stream<Path> list = Files.list(checkpoints)) {
            for (Path p : list.filter(d -> isTemporary(d.getFileName().toString())).toList()) {
                FileUtils.deleteDirectory(p.toFile());
                removed.accept(p);
            }
        }
    }

}
