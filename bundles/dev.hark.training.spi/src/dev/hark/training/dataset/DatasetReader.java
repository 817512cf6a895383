package dev.hark.training.dataset;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * Reads a dataset folder in any {@link DatasetLayout}: finds the layout, parses the transcript lists and
 * checks that each audio file exists. Broken lines and missing files are counted and described, never
 * thrown: one bad entry must not stop a run.
 */
public final class DatasetReader {

    /** The files that mark a manifest dataset, in order of preference. */
    public static final String MANIFEST_FILE = "manifest.jsonl";
    private static final int MAX_PROBLEMS_KEPT = 50;

    /**
     * What a dataset folder holds.
     *
     * @param layout   the layout found
     * @param entries  the usable entries, in file order
     * @param skipped  how many entries were skipped (unparsable lines, missing audio)
     * @param problems descriptions of the first skipped entries
     */
    public record Contents(DatasetLayout layout, List<DatasetEntry> entries, int skipped, List<String> problems) {
        public Contents {
            entries = List.copyOf(entries);
            problems = List.copyOf(problems);
        }
    }

    private DatasetReader() {
    }

    /** The layout of {@code folder}, if it holds a dataset at all. */
    public static Optional<DatasetLayout> detect(Path folder) {
        if (!Files.isDirectory(folder)) {
            return Optional.empty();
        }
        if (manifestFile(folder).isPresent()) {
            return Optional.of(DatasetLayout.MANIFEST);
        }
        if (ljspeechRoot(folder).isPresent()) {
            return Optional.of(DatasetLayout.LJSPEECH);
        }
        if (!jsutSubsets(folder).isEmpty()) {
            return Optional.of(DatasetLayout.JSUT);
        }
        return Optional.empty();
    }

    /** Reads the dataset in {@code folder}; IOException only when the folder holds no readable dataset at all. */
    public static Contents read(Path folder) throws IOException {
        DatasetLayout layout = detect(folder)
                .orElseThrow(() -> new IOException("no dataset in " + folder + ": expected " + MANIFEST_FILE
                        + ", LJSpeech's metadata.csv + wavs/, or JSUT's transcript_utf8.txt + wav/"));
        Collector c = new Collector();
        switch (layout) {
            case MANIFEST -> readManifest(folder, manifestFile(folder).orElseThrow(), c);
            case LJSPEECH -> readLjspeech(ljspeechRoot(folder).orElseThrow(), c);
            case JSUT -> {
                for (Path subset : jsutSubsets(folder)) {
                    readJsut(subset, c);
                }
            }
        }
        return new Contents(layout, c.entries, c.skipped, c.problems);
    }

    private static final class Collector {
        final List<DatasetEntry> entries = new ArrayList<>();
        final List<String> problems = new ArrayList<>();
        int skipped;

        void skip(String problem) {
            skipped++;
            if (problems.size() < MAX_PROBLEMS_KEPT) {
                problems.add(problem);
            }
        }

        void add(DatasetEntry e) {
            if (!Files.isRegularFile(e.audio())) {
                skip(e.id() + ": audio file " + e.audio().getFileName() + " is missing");
            } else if (e.text().isBlank()) {
                skip(e.id() + ": empty transcript");
            } else {
                entries.add(e);
            }
        }
    }

    static Optional<Path> manifestFile(Path folder) {
        Path preferred = folder.resolve(MANIFEST_FILE);
        if (Files.isRegularFile(preferred)) {
            return Optional.of(preferred);
        }
        try (Stream<Path> files = Files.list(folder)) {
            List<Path> jsonl = files.filter(p -> p.getFileName().toString().endsWith(".jsonl") && Files.isRegularFile(p))
                    .sorted().toList();
            return jsonl.size() == 1 ? Optional.of(jsonl.get(0)) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    static Optional<Path> ljspeechRoot(Path folder) {
        if (isLjspeech(folder)) {
            return Optional.of(folder);
        }
        try (Stream<Path> dirs = Files.list(folder)) {
            return dirs.filter(Files::isDirectory).filter(DatasetReader::isLjspeech).sorted().findFirst();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static boolean isLjspeech(Path dir) {
        return Files.isRegularFile(dir.resolve("metadata.csv")) && Files.isDirectory(dir.resolve("wavs"));
    }

    /** JSUT subset folders (transcript_utf8.txt beside wav/) up to three levels down, sorted. */
    static List<Path> jsutSubsets(Path folder) {
        try (Stream<Path> walk = Files.walk(folder, 3)) {
            List<Path> subsets = new ArrayList<>(walk.filter(p -> p.getFileName() != null
                    && p.getFileName().toString().equals("transcript_utf8.txt") && Files.isRegularFile(p))
                    .map(Path::getParent).filter(d -> Files.isDirectory(d.resolve("wav"))).toList());
            Collections.sort(subsets);
            return subsets;
        } catch (IOException e) {
            return List.of();
        }
    }

    private static void readLjspeech(Path root, Collector c) throws IOException {
        Utf8Lines.read(root.resolve("metadata.csv"), (lineNo, line) -> {
            if (line == null) {
                c.skip("metadata.csv line " + lineNo + ": not UTF-8");
                return;
            }
            if (line.isBlank()) {
                return;
            }
            String[] parts = line.split("\\|", -1);
            if (parts.length < 2 || parts[0].isBlank() || !safeId(parts[0])) {
                c.skip("metadata.csv line " + lineNo + ": expected id|text|normalized text");
                return;
            }
            String text = parts.length >= 3 && !parts[2].isBlank() ? parts[2] : parts[1];
            c.add(new DatasetEntry(parts[0].strip(), root.resolve("wavs").resolve(parts[0].strip() + ".wav"), text.strip(),
                    Double.NaN, ""));
        });
    }

    private static void readJsut(Path subset, Collector c) throws IOException {
        String prefix = subset.getFileName().toString();
        Utf8Lines.read(subset.resolve("transcript_utf8.txt"), (lineNo, line) -> {
            if (line == null) {
                c.skip(prefix + "/transcript_utf8.txt line " + lineNo + ": not UTF-8");
                return;
            }
            if (line.isBlank()) {
                return;
            }
            int colon = line.indexOf(':');
            String id = colon > 0 ? line.substring(0, colon).strip() : "";
            if (id.isEmpty() || !safeId(id)) {
                c.skip(prefix + "/transcript_utf8.txt line " + lineNo + ": expected ID:text");
                return;
            }
            c.add(new DatasetEntry(prefix + "/" + id, subset.resolve("wav").resolve(id + ".wav"), line.substring(colon + 1).strip(),
                    Double.NaN, ""));
        });
    }

    private static final String[] AUDIO_KEYS = { "audio", "audio_filepath", "audio_path", "path", "file", "wav" };
    private static final String[] TEXT_KEYS = { "text", "transcript", "sentence", "normalized_text" };

    private static void readManifest(Path folder, Path manifest, Collector c) throws IOException {
        Utf8Lines.read(manifest, (lineNo, line) -> {
            String where = manifest.getFileName() + " line " + lineNo;
            if (line == null) {
                c.skip(where + ": not UTF-8");
            } else if (!line.isBlank()) {
                readManifestLine(folder, manifest.getParent(), where, line, c);
            }
        });
    }

    private static void readManifestLine(Path folder, Path base, String where, String line, Collector c) {
        JsonObject o;
        try {
            JsonElement e = JsonParser.parseString(line);
            if (!e.isJsonObject()) {
                c.skip(where + ": not a JSON object");
                return;
            }
            o = e.getAsJsonObject();
        } catch (RuntimeException e) {
            c.skip(where + ": invalid JSON");
            return;
        }
        String audio = firstString(o, AUDIO_KEYS);
        String text = firstString(o, TEXT_KEYS);
        if (audio == null || text == null) {
            c.skip(where + ": needs \"audio\" and \"text\"");
            return;
        }
        Path p;
        try {
            p = Path.of(audio);
        } catch (RuntimeException e) {
            c.skip(where + ": bad audio path");
            return;
        }
        if (!p.isAbsolute()) {
            p = base.resolve(p).normalize();
            if (!p.startsWith(folder.normalize())) {
                c.skip(where + ": audio path leaves the dataset folder");
                return;
            }
        }
        if (p.getFileName() == null) {
            c.skip(where + ": bad audio path");
            return;
        }
        double duration = Double.NaN;
        if (o.has("duration") && o.get("duration").isJsonPrimitive() && o.get("duration").getAsJsonPrimitive().isNumber()) {
            duration = o.get("duration").getAsDouble();
        }
        String speaker = firstString(o, new String[] { "speaker", "voice" });
        String name = p.getFileName().toString();
        int dot = name.lastIndexOf('.');
        c.add(new DatasetEntry(dot > 0 ? name.substring(0, dot) : name, p, text.strip(), duration, speaker));
    }

    private static String firstString(JsonObject o, String[] keys) {
        for (String k : keys) {
            JsonElement e = o.get(k);
            if (e != null && e.isJsonPrimitive() && e.getAsJsonPrimitive().isString()) {
                return e.getAsString();
            }
        }
        return null;
    }

    /** Ids become file names: no separators or parent references, nothing the file system refuses (a NUL). */
    private static boolean safeId(String id) {
        String s = id.strip();
        if (s.contains("/") || s.contains("\\") || s.equals("..") || s.equals(".")) {
            return false;
        }
        try {
            Path.of(s + ".wav");
            return true;
        } catch (InvalidPathException e) {
            return false;
        }
    }
}
