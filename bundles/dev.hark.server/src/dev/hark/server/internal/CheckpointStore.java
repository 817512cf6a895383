package dev.hark.server.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Reader;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * Trained checkpoints in the data folder: {@code checkpoints/{model}-{dataset}-epoch-{N}/} with
 * {@code training_metadata.json}, as v1 laid them out. Lists, deletes and zips them.
 */
final class CheckpointStore {

    private static final Pattern FOLDER = Pattern.compile("(.+?)-(.+)-epoch-(\\d+)");

    private final Path folder;

    CheckpointStore(Path folder) {
        this.folder = folder;
    }

    Path folder() {
        return folder;
    }

    /** v1's checkpoint entry, newest first; optionally filtered by model and dataset. */
    List<JsonObject> list(String modelFilter, String datasetFilter) throws IOException {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        List<JsonObject> out = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(folder)) {
            for (Path dir : dirs.filter(Files::isDirectory).filter(d -> SafeNames.isValid(d.getFileName().toString())).toList()) {
                JsonObject entry = describe(dir);
                if (matches(entry, "model_name", modelFilter) && matches(entry, "dataset_name", datasetFilter)) {
                    out.add(entry);
                }
            }
        }
        out.sort(Comparator.comparing((JsonObject o) -> o.get("created_at").getAsString()).reversed());
        return out;
    }

    private static boolean matches(JsonObject entry, String field, String filter) {
        if (filter == null || filter.isBlank()) {
            return true;
        }
        JsonElement e = entry.get(field);
        return e != null && !e.isJsonNull() && e.getAsString().equals(filter);
    }

    Optional<Path> find(String name) {
        Path dir = SafeNames.resolve(folder, name);
        return Files.isDirectory(dir) ? Optional.of(dir) : Optional.empty();
    }

    /** Name, model, dataset, epoch, size, files, creation time and metadata of one checkpoint folder. */
    JsonObject describe(Path dir) throws IOException {
        String name = dir.getFileName().toString();
        JsonObject entry = new JsonObject();
        entry.addProperty("name", name);
        JsonObject metadata = readMetadata(dir);
        Matcher m = FOLDER.matcher(name);
        String model = string(metadata, "model_name", m.matches() ? m.group(1) : null);
        String dataset = string(metadata, "dataset_name", m.matches() ? m.group(2) : null);
        entry.addProperty("model_name", model);
        entry.addProperty("dataset_name", dataset);
        if (metadata != null && metadata.has("current_epoch") && metadata.get("current_epoch").isJsonPrimitive()) {
            entry.add("epoch", metadata.get("current_epoch"));
        } else if (m.matches()) {
            entry.addProperty("epoch", Integer.parseInt(m.group(3)));
        } else {
            entry.add("epoch", null);
        }
        entry.addProperty("path", dir.toString());
        List<Path> files = files(dir);
        long bytes = 0;
        JsonArray names = new JsonArray();
        for (Path f : files) {
            bytes += Files.size(f);
            names.add(dir.relativize(f).toString());
        }
        entry.addProperty("size_mb", Math.round(bytes / 1048576.0 * 100.0) / 100.0);
        entry.addProperty("file_count", files.size());
        entry.addProperty("created_at", Instant.ofEpochMilli(
                Files.readAttributes(dir, BasicFileAttributes.class).lastModifiedTime().toMillis()).toString());
        entry.add("files", names);
        if (metadata != null) {
            entry.add("training_metadata", metadata);
            for (String key : List.of("training_start_time", "training_end_time", "training_params", "training_status")) {
                if (metadata.has(key)) {
                    entry.add(key, metadata.get(key));
                }
            }
        }
        return entry;
    }

    private static String string(JsonObject o, String key, String fallback) {
        if (o != null && o.has(key) && o.get(key).isJsonPrimitive()) {
            return o.get(key).getAsString();
        }
        return fallback;
    }

    private static JsonObject readMetadata(Path dir) {
        Path file = dir.resolve("training_metadata.json");
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try (Reader r = Files.newBufferedReader(file)) {
            JsonElement e = JsonParser.parseReader(r);
            return e.isJsonObject() ? e.getAsJsonObject() : null;
        } catch (IOException | RuntimeException e) {
            JsonObject broken = new JsonObject();
            broken.addProperty("error", "unreadable training_metadata.json: " + e.getMessage());
            return broken;
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

    /** Writes a zip of the named checkpoints, each under its own folder. Names must exist (checked before). */
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
