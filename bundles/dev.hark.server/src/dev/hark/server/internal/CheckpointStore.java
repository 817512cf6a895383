package dev.hark.server.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import com.google.gson.reflect.TypeToken;

import dev.hark.protocol.ProtocolException;
import dev.hark.protocol.ProtocolJson;
import dev.hark.protocol.rest.ModelEntry;
import dev.hark.training.run.CheckpointLayout;
import dev.hark.training.run.CheckpointNames;
import dev.hark.protocol.SafeNames;

/**
 * Trained checkpoints in the data folder: {@code checkpoints/{model}-{dataset}-{run tag}-epoch-{N}/} with
 * {@code training_metadata.json} (v1's layout, with the run in the name: {@link CheckpointLayout}). Lists, deletes and
 * zips them; the newest run's checkpoints are listed under their v1 names, and either name finds a checkpoint
 * ({@link CheckpointNames}).
 */
final class CheckpointStore {


    private final Path folder;

    CheckpointStore(Path folder) {
        this.folder = folder;
    }

    Path folder() {
        return folder;
    }

    /** v1's checkpoint entries, newest first; optionally filtered by model and dataset. */
    List<ModelEntry> list(String modelFilter, String datasetFilter) throws IOException {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        List<ModelEntry> out = new ArrayList<>();
        CheckpointNames names = CheckpointNames.of(folder);
        try (Stream<Path> dirs = Files.list(folder)) {
            for (Path dir : dirs.filter(Files::isDirectory).filter(d -> SafeNames.isValid(d.getFileName().toString())).toList()) {
                ModelEntry entry = describe(dir, names.shown(dir.getFileName().toString()));
                if (matches(entry.modelName(), modelFilter) && matches(entry.datasetName(), datasetFilter)) {
                    out.add(entry);
                }
            }
        }
        out.sort(Comparator.comparing(ModelEntry::createdAt).reversed());
        return out;
    }

    private static boolean matches(String value, String filter) {
        return filter == null || filter.isBlank() || filter.equals(value);
    }

    /**
     * The checkpoint a client's {@code checkpoint_path} names: a checkpoint's name, or a path (absolute, or relative to
     * the server's working folder) whose parent is this checkpoints folder — as written, after normalisation, or the
     * same folder reached through symlinks. The name then passes {@link SafeNames#resolve} (its own symlink check).
     *
     * @throws IllegalArgumentException (400) for anything else, with the reason
     */
    String nameOf(String checkpointPath) {
        Path given;
        try {
            given = Path.of(checkpointPath).normalize();
        } catch (java.nio.file.InvalidPathException e) {
            throw new IllegalArgumentException("checkpoint_path \"" + SafeNames.printable(checkpointPath) + "\" is not a path");
        }
        Path fileName = given.getFileName();
        if (given.getNameCount() == 1 && !given.isAbsolute() && fileName != null && fileName.toString().equals(checkpointPath)) {
            SafeNames.resolve(folder, checkpointPath);
            return checkpointPath;
        }
        Path parent = given.getParent();
        if (fileName == null || parent == null || !isThisFolder(parent)) {
            throw new IllegalArgumentException("checkpoint_path \"" + SafeNames.printable(checkpointPath)
                    + "\" is not a checkpoint in the server's checkpoints folder " + folder);
        }
        String name = fileName.toString();
        SafeNames.resolve(folder, name);
        return name;
    }

    private boolean isThisFolder(Path candidate) {
        if (candidate.toAbsolutePath().normalize().equals(folder.toAbsolutePath().normalize())) {
            return true;
        }
        try {
            return Files.isDirectory(candidate) && Files.isDirectory(folder) && candidate.toRealPath().equals(folder.toRealPath());
        } catch (IOException e) {
            return false;
        }
    }

    /** The folder a checkpoint name (its own, or the v1 name of a checkpoint of the newest run) stands for. */
    Optional<Path> find(String name) {
        SafeNames.resolve(folder, name); // 400 for hostile names
        Path dir = SafeNames.resolve(folder, CheckpointNames.of(folder).resolve(name).orElse(name));
        return Files.isDirectory(dir) ? Optional.of(dir) : Optional.empty();
    }

    /** The name clients see for a checkpoint folder (the v1 name of the newest run's). */
    String shown(String folderName) {
        return CheckpointNames.of(folder).shown(folderName);
    }

    /** Name, model, dataset, epoch, size, files, creation time and metadata of one checkpoint folder. */
    ModelEntry describe(Path dir) throws IOException {
        return describe(dir, shown(dir.getFileName().toString()));
    }

    /** {@link #describe(Path)} under the name {@code name}. */
    private ModelEntry describe(Path dir, String name) throws IOException {
        Map<String, Object> metadata = readMetadata(dir);
        Optional<CheckpointLayout.Name> parsed = CheckpointLayout.parse(dir.getFileName().toString());
        String model = string(metadata, "model_name", parsed.map(CheckpointLayout.Name::model).orElse(null));
        String dataset = string(metadata, "dataset_name", parsed.map(CheckpointLayout.Name::dataset).orElse(null));
        Integer epoch = metadata != null && metadata.get("current_epoch") instanceof Number n ? Integer.valueOf(n.intValue())
                : parsed.map(CheckpointLayout.Name::epoch).orElse(null);
        List<Path> files = files(dir);
        long bytes = 0;
        List<String> names = new ArrayList<>();
        for (Path f : files) {
            bytes += Files.size(f);
            names.add(dir.relativize(f).toString());
        }
        String created = Instant.ofEpochMilli(Files.readAttributes(dir, BasicFileAttributes.class).lastModifiedTime().toMillis())
                .toString();
        return new ModelEntry(name, null, null, null, null, null, dir.toString(), epoch, model, dataset,
                Math.round(bytes / 1048576.0 * 100.0) / 100.0, files.size(), created, names, metadata,
                string(metadata, "training_start_time", null), string(metadata, "training_end_time", null),
                metadata != null && metadata.get("training_params") instanceof Map<?, ?> p ? stringKeys(p) : null,
                string(metadata, "training_status", null));
    }

    private static Map<String, Object> stringKeys(Map<?, ?> map) {
        Map<String, Object> out = new LinkedHashMap<>();
        map.forEach((k, v) -> out.put(String.valueOf(k), v));
        return out;
    }

    private static String string(Map<String, Object> o, String key, String fallback) {
        Object v = o == null ? null : o.get(key);
        return v instanceof String || v instanceof Number || v instanceof Boolean ? String.valueOf(v) : fallback;
    }

    private static Map<String, Object> readMetadata(Path dir) {
        Path file = dir.resolve("training_metadata.json");
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try {
            return ProtocolJson.fromJson(Files.readString(file), new TypeToken<Map<String, Object>>() {
            }.getType());
        } catch (IOException | ProtocolException | RuntimeException e) {
            return Map.of("error", "unreadable training_metadata.json: " + e.getMessage());
        }
    }

    private static List<Path> files(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile).sorted().toList();
        }
    }

    /** Deletes a checkpoint folder; false if there is none by that name. */
    boolean delete(String name) throws IOException {
        Optional<Path> dir = find(name);
        if (dir.isEmpty()) {
            return false;
        }
        Files.walkFileTree(dir.get(), new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                if (e != null) {
                    throw e;
                }
                Files.delete(d);
                return FileVisitResult.CONTINUE;
            }
        });
        return true;
    }

    /** Writes a zip of the named checkpoints, each under the name given. Names must exist (checked before). */
    void zip(List<String> names, OutputStream out) throws IOException {
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            for (String name : names) {
                Path dir = find(name).orElseThrow(() -> new IOException("no checkpoint " + name));
                for (Path f : files(dir)) {
                    zip.putNextEntry(new ZipEntry(name + "/" + dir.relativize(f).toString().replace('\\', '/')));
                    Files.copy(f, zip);
                    zip.closeEntry();
                }
            }
        }
    }
}
