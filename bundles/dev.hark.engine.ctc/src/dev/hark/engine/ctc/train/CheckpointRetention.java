package dev.hark.engine.ctc.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What stays in the checkpoints folder: the newest epoch checkpoints of a model and dataset up to the retention
 * count, and no half-written folder of a worker that was killed while saving.
 */
final class CheckpointRetention {

    private CheckpointRetention() {
    }

    /**
     * Deletes the epoch checkpoint folders of {@code model} and {@code dataset} beyond the newest {@code keep} (by
     * epoch number); never {@code keepName}, nor other models' or datasets' folders. {@code keep <= 0} keeps all.
     *
     * @param removed told of each folder after it is deleted
     */
    static void prune(Path checkpoints, String model, String dataset, int keep, String keepName, Consumer<Path> removed)
            throws IOException {
        if (keep <= 0) {
            return;
        }
        Pattern p = Pattern.compile(Pattern.quote(model + "-" + dataset) + "-epoch-(\\d+)");
        List<Path> mine = new ArrayList<>();
        try (Stream<Path> list = Files.list(checkpoints)) {
            list.filter(Files::isDirectory).forEach(d -> {
                if (p.matcher(d.getFileName().toString()).matches()) {
                    mine.add(d);
                }
            });
        }
        mine.sort(Comparator.comparingInt(d -> {
            Matcher m = p.matcher(d.getFileName().toString());
            m.matches();
            return Integer.parseInt(m.group(1));
        }));
        for (int i = 0; i < mine.size() - keep; i++) {
            if (!mine.get(i).getFileName().toString().equals(keepName)) {
                deleteTree(mine.get(i));
                removed.accept(mine.get(i));
            }
        }
    }

    /** Whether {@code name} is the temporary folder of a checkpoint being written ({@code .{name}.tmp-*}). */
    static boolean isTemporary(String name) {
        return name.startsWith(".") && name.contains(".tmp-");
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
                deleteTree(p);
                removed.accept(p);
            }
        }
    }

    static void deleteTree(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
