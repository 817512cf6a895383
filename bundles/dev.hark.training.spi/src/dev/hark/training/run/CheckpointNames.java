package dev.hark.training.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * v1's names for the newest run's checkpoints, over one look at a checkpoints folder. Checkpoint folders carry their
 * run ({@code ctc-digits-r261127141830-epoch-3}, see {@link CheckpointLayout}); v1 clients (the asr-test frontend,
 * scripts) know {@code ctc-digits-epoch-3}. Such a v1 name stands for that epoch of the <em>newest run</em> of its
 * model and dataset — the run of the checkpoint the {@code {model}-{dataset}-latest} pointer names (else of the
 * newest tagged folder) — and the newest run's checkpoints are shown under their v1 names ({@link #shown}); earlier
 * runs' checkpoints keep their own names. A folder that really has a v1 name (written by an earlier version) always
 * wins: the newest run's checkpoint with the same epoch is then shown under its own name. Either name is accepted
 * wherever a checkpoint is named ({@link #resolve}).
 */
public final class CheckpointNames {

    private final Path checkpoints;
    private final Set<String> folders = new HashSet<>();
    private final Map<String, Optional<String>> newestTag = new HashMap<>();

    private CheckpointNames(Path checkpoints) {
        this.checkpoints = checkpoints;
    }

    /** The names in {@code checkpoints} as of now (an absent folder has none). */
    public static CheckpointNames of(Path checkpoints) {
        CheckpointNames names = new CheckpointNames(checkpoints);
        if (Files.isDirectory(checkpoints)) {
            try (Stream<Path> list = Files.list(checkpoints)) {
                list.filter(Files::isDirectory).map(p -> p.getFileName().toString()).filter(n -> !n.startsWith("."))
                        .forEach(names.folders::add);
            } catch (IOException | RuntimeException e) {
                // nothing to alias
            }
        }
        return names;
    }

    /** What a client is shown for the folder {@code folderName}: its v1 name if it belongs to the newest run, else itself. */
    public String shown(String folderName) {
        Optional<CheckpointLayout.Name> name = CheckpointLayout.parse(folderName);
        if (name.isEmpty() || name.get().tag() == null) {
            return folderName;
        }
        CheckpointLayout.Name n = name.get();
        String v1 = n.v1Name();
        if (folders.contains(v1) || !n.tag().equals(newestTag(n.model(), n.dataset()).orElse(null))) {
            return folderName;
        }
        return v1;
    }

    /**
     * The folder a client's checkpoint name means: the folder of that name, else for a v1 name the same epoch of the
     * newest run of its model and dataset. Empty when there is none.
     */
    public Optional<String> resolve(String name) {
        if (name == null) {
            return Optional.empty();
        }
        if (folders.contains(name)) {
            return Optional.of(name);
        }
        Optional<CheckpointLayout.Name> parsed = CheckpointLayout.parse(name);
        if (parsed.isEmpty() || parsed.get().tag() != null) {
            return Optional.empty();
        }
        CheckpointLayout.Name n = parsed.get();
        return newestTag(n.model(), n.dataset()).map(tag -> CheckpointLayout.folderName(n.model(), n.dataset(), tag, n.epoch()))
                .filter(folders::contains);
    }

    /** The run tag of the newest run of a model and dataset: the latest pointer's target's, else the newest tagged folder's. */
    public Optional<String> newestTag(String model, String dataset) {
        return newestTag.computeIfAbsent(model + "\u0000" + dataset, k -> findNewestTag(model, dataset));
    }

    private Optional<String> findNewestTag(String model, String dataset) {
        Path pointer = checkpoints.resolve(CheckpointLayout.latestPointer(model, dataset));
        try {
            if (Files.isRegularFile(pointer)) {
                String target = Files.readString(pointer).strip();
                Optional<CheckpointLayout.Name> n = CheckpointLayout.parse(target);
                if (folders.contains(target) && n.isPresent() && n.get().model().equals(model) && n.get().dataset().equals(dataset)) {
                    return Optional.ofNullable(n.get().tag());
                }
            }
        } catch (IOException | RuntimeException e) {
            // fall back to the folders
        }
        String best = null;
        long bestTime = Long.MIN_VALUE;
        for (String f : folders) {
            Optional<CheckpointLayout.Name> n = CheckpointLayout.parse(f);
            if (n.isEmpty() || n.get().tag() == null || !n.get().model().equals(model) || !n.get().dataset().equals(dataset)) {
                continue;
            }
            long t = modified(checkpoints.resolve(f));
            if (best == null || t > bestTime || (t == bestTime && n.get().tag().compareTo(best) > 0)) {
                best = n.get().tag();
                bestTime = t;
            }
        }
        return Optional.ofNullable(best);
    }

    private static long modified(Path p) {
        try {
            return Files.getLastModifiedTime(p).toMillis();
        } catch (IOException e) {
            return Long.MIN_VALUE;
        }
    }
}
