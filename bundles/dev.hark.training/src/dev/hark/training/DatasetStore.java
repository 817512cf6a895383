package dev.hark.training;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioSystem;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import dev.hark.training.data.ArchiveDownload;
import dev.hark.training.data.DatasetEntry;
import dev.hark.training.data.DatasetLayout;
import dev.hark.training.data.DatasetReader;
import dev.hark.training.data.SyntheticGenerator;
import dev.hark.training.data.SyntheticTexts;
import dev.hark.training.data.SyntheticVoice;

/**
 * The datasets in a server's data folder ({@code datasets/NAME/}) and the ones it can download: built-in
 * sources (LJSpeech, JSUT) plus those configured in {@code datasets.json}
 * ({@code {"name": {"url": ..., "sha256": ..., "layout": ..., "description": ...}}}). Downloads and generation run on
 * threads of their own and report through the event sink as {@code dataset_progress} and {@code dataset_status}.
 */
public final class DatasetStore implements AutoCloseable {

    public static final String PROGRESS_EVENT = "dataset_progress";
    public static final String STATUS_EVENT = "dataset_status";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    /** A downloadable dataset. */
    public record Source(String name, String url, String sha256, String layout, String description) {
    }

    private record Stats(long signature, int files, long bytes, double seconds, int corrupt, int skipped, List<String> problems,
            DatasetLayout layout) {
    }

    private final Path root;
    private final Path configFile;
    private final BiConsumer<String, JsonObject> events;
    private final Map<String, Thread> jobs = new ConcurrentHashMap<>();
    private final Map<String, String> jobKinds = new ConcurrentHashMap<>();
    private final Map<String, JsonObject> lastProgress = new ConcurrentHashMap<>();
    private final Map<String, String> failures = new ConcurrentHashMap<>();
    private final Map<Path, Stats> stats = new ConcurrentHashMap<>();
    private volatile java.util.function.Predicate<String> inUse = n -> false;

    public DatasetStore(Path dataDir, BiConsumer<String, JsonObject> events) throws IOException {
        this.root = dataDir.resolve("datasets");
        this.configFile = dataDir.resolve("datasets.json");
        this.events = events;
        Files.createDirectories(root);
    }

    public Path folder() {
        return root;
    }

    /** Tells the store which datasets a training run is reading (they cannot be deleted meanwhile). */
    public void setInUse(java.util.function.Predicate<String> inUse) {
        this.inUse = inUse;
    }

    public static boolean validName(String name) {
        return name != null && NAME.matcher(name).matches() && !name.contains("..");
    }

    private static String checkName(String name) throws TrainingException {
        if (!validName(name)) {
            throw new TrainingException(400, "invalid dataset name \"" + printable(name)
                    + "\": use 1-128 letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        return name;
    }

    static String printable(String s) {
        if (s == null) {
            return "null";
        }
        String c = s.codePoints().filter(cp -> !Character.isISOControl(cp))
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
        return c.length() > 80 ? c.substring(0, 80) + "..." : c;
    }

    /** The folder of dataset {@code name} if it holds a dataset. */
    public Optional<Path> find(String name) {
        if (!validName(name)) {
            return Optional.empty();
        }
        Path dir = root.resolve(name);
        if (jobs.containsKey(name) || !Files.isDirectory(dir) || DatasetReader.detect(dir).isEmpty()) {
            return Optional.empty();
        }
        try {
            if (!dir.toRealPath().startsWith(root.toRealPath())) {
                return Optional.empty();
            }
        } catch (IOException e) {
            return Optional.empty();
        }
        return Optional.of(dir);
    }

    /** Built-in and configured sources by name. */
    public Map<String, Source> sources() {
        Map<String, Source> out = new TreeMap<>();
        out.put("ljspeech", new Source("ljspeech", "https://data.keithito.com/data/speech/LJSpeech-1.1.tar.bz2", null, "ljspeech",
                "LJSpeech 1.1: 13,100 clips of one English speaker, 24 h (2.6 GB)"));
        out.put("jsut", new Source("jsut", "http://ss-takashi.sakura.ne.jp/corpus/jsut_ver1.1.zip", null, "jsut",
                "JSUT 1.1: Japanese single speaker, 10 h (2.7 GB)"));
        if (Files.isRegularFile(configFile)) {
            try {
                JsonObject o = JsonParser.parseString(Files.readString(configFile)).getAsJsonObject();
                for (Map.Entry<String, JsonElement> e : o.entrySet()) {
                    if (!validName(e.getKey()) || !e.getValue().isJsonObject()) {
                        continue;
                    }
                    JsonObject s = e.getValue().getAsJsonObject();
                    out.put(e.getKey(), new Source(e.getKey(), str(s, "url"), str(s, "sha256"), str(s, "layout"), str(s, "description")));
                }
            } catch (IOException | RuntimeException ex) {
                // a broken configuration file leaves the built-in sources
            }
        }
        return out;
    }

    private static String str(JsonObject o, String key) {
        JsonElement e = o.get(key);
        return e != null && e.isJsonPrimitive() ? e.getAsString() : null;
    }

    // ------------------------------------------------------------------ listing

    /** v1's {@code GET /datasets}: every known or present dataset with status, files, size and hours. */
    public JsonArray list() throws IOException {
        Map<String, Source> sources = sources();
        TreeMap<String, Path> names = new TreeMap<>();
        sources.keySet().forEach(n -> names.put(n, root.resolve(n)));
        try (Stream<Path> dirs = Files.list(root)) {
            dirs.filter(Files::isDirectory).forEach(d -> {
                String n = d.getFileName().toString();
                if (validName(n)) {
                    names.put(n, d);
                }
            });
        }
        names.keySet().addAll(jobs.keySet());
        JsonArray out = new JsonArray();
        for (String name : names.keySet()) {
            out.add(describe(name, sources.get(name)));
        }
        return out;
    }

    public JsonObject describe(String name) throws IOException {
        return describe(name, sources().get(name));
    }

    private JsonObject describe(String name, Source source) throws IOException {
        Path dir = root.resolve(name);
        JsonObject o = new JsonObject();
        o.addProperty("name", name);
        String job = jobKinds.get(name);
        Optional<Path> present = find(name);
        String status = job != null ? job : present.isPresent() ? "downloaded" : failures.containsKey(name) ? "failed" : "not_downloaded";
        o.addProperty("status", status);
        o.addProperty("path", dir.toString());
        JsonObject config = new JsonObject();
        if (present.isPresent()) {
            Stats s = stats(present.get());
            o.addProperty("num_files", s.files);
            o.addProperty("size_mb", Math.round(s.bytes / 1048576.0 * 100) / 100.0);
            o.addProperty("hours", Math.round(s.seconds / 3600 * 1000) / 1000.0);
            o.addProperty("skipped_entries", s.skipped + s.corrupt);
            JsonArray problems = new JsonArray();
            s.problems.stream().limit(10).forEach(problems::add);
            o.add("problems", problems);
            config.addProperty("layout", s.layout.id());
        } else {
            o.addProperty("num_files", 0);
            o.addProperty("size_mb", 0);
            o.addProperty("hours", 0);
        }
        config.addProperty("sample_rate", 16000);
        config.addProperty("validation_split", 0.05);
        if (source != null) {
            config.addProperty("url", source.url());
            config.addProperty("description", source.description());
            if (source.layout() != null && !config.has("layout")) {
                config.addProperty("layout", source.layout());
            }
        }
        Path generator = dir.resolve("generator.json");
        if (present.isPresent() && Files.isRegularFile(generator)) {
            try {
                config.add("generator", JsonParser.parseString(Files.readString(generator)));
            } catch (RuntimeException e) {
                // informational only
            }
        }
        o.add("config", config);
        if (job != null && lastProgress.containsKey(name)) {
            o.add("progress", lastProgress.get(name));
        }
        if (failures.containsKey(name) && job == null && present.isEmpty()) {
            o.addProperty("error", failures.get(name));
        }
        return o;
    }

    /** Files, bytes, seconds and corrupt entries of a dataset; cached until its transcript list changes. */
    private Stats stats(Path dir) throws IOException {
        long signature = signature(dir);
        Stats cached = stats.get(dir);
        if (cached != null && cached.signature == signature) {
            return cached;
        }
        DatasetReader.Contents c = DatasetReader.read(dir);
        long bytes = 0;
        double seconds = 0;
        int corrupt = 0;
        List<String> problems = new ArrayList<>(c.problems());
        for (DatasetEntry e : c.entries()) {
            try {
                bytes += Files.size(e.audio());
                double d = e.duration();
                if (!Double.isFinite(d)) {
                    AudioFileFormat f = AudioSystem.getAudioFileFormat(e.audio().toFile());
                    d = f.getFrameLength() / f.getFormat().getFrameRate();
                    if (!(d > 0) || !Double.isFinite(d)) {
                        throw new IOException("no duration in its header");
                    }
                }
                seconds += d;
            } catch (IOException | javax.sound.sampled.UnsupportedAudioFileException | RuntimeException ex) {
                corrupt++;
                if (problems.size() < 50) {
                    problems.add(e.id() + ": unreadable audio (" + ex.getMessage() + ")");
                }
            }
        }
        Stats s = new Stats(signature, c.entries().size() - corrupt, bytes, seconds, corrupt, c.skipped(), problems, c.layout());
        stats.put(dir, s);
        return s;
    }

    private static long signature(Path dir) throws IOException {
        long sig = 17;
        try (Stream<Path> walk = Files.walk(dir, 3)) {
            for (Path p : walk.filter(f -> {
                String n = f.getFileName().toString();
                return n.endsWith(".jsonl") || n.equals("metadata.csv") || n.equals("transcript_utf8.txt");
            }).toList()) {
                sig = sig * 31 + Files.getLastModifiedTime(p).toMillis() * 7 + Files.size(p);
            }
        }
        return sig;
    }

    // ------------------------------------------------------------------ jobs

    /** Starts downloading a configured dataset; returns at once. */
    public JsonObject download(String name) throws TrainingException {
        checkName(name);
        Source source = sources().get(name);
        if (source == null || source.url() == null) {
            throw new TrainingException(404, "no download configured for dataset \"" + name + "\"; known: " + sources().keySet()
                    + " (add one to " + configFile + ")");
        }
        if (find(name).isPresent()) {
            JsonObject o = new JsonObject();
            o.addProperty("message", "Dataset " + name + " is already downloaded.");
            o.addProperty("path", root.resolve(name).toString());
            o.addProperty("status", "downloaded");
            return o;
        }
        startJob(name, "downloading", () -> runDownload(source));
        JsonObject o = new JsonObject();
        o.addProperty("message", "Download of " + name + " started; progress arrives as " + PROGRESS_EVENT + " events.");
        o.addProperty("path", root.resolve(name).toString());
        o.addProperty("status", "downloading");
        return o;
    }

    /**
     * Starts generating a synthetic dataset; returns at once.
     *
     * @param voices voice ids to draw from (empty: all)
     */
    public JsonObject generate(String name, SyntheticTexts kind, int count, long seed, List<SyntheticVoice> voices)
            throws TrainingException {
        checkName(name);
        if (Files.exists(root.resolve(name))) {
            throw new TrainingException(409, "dataset \"" + name + "\" already exists");
        }
        SyntheticGenerator.Options options;
        try {
            options = new SyntheticGenerator.Options(kind, count, seed, voices, 2);
        } catch (IllegalArgumentException e) {
            throw new TrainingException(400, e.getMessage());
        }
        startJob(name, "generating", () -> {
            SyntheticGenerator.Result r = SyntheticGenerator.generate(root.resolve(name), options, done -> {
                JsonObject p = progress(name, "generate", done, count);
                if (done == count || done % Math.max(1, count / 100) == 0) {
                    publishProgress(name, p);
                }
            });
            return "generated " + r.clips() + " clips (" + Math.round(r.seconds()) + " s of audio)"
                    + (r.failed() > 0 ? ", " + r.failed() + " failed" : "");
        });
        JsonObject o = new JsonObject();
        o.addProperty("message", "Generating " + count + " " + kind.id() + " clips as dataset " + name + ".");
        o.addProperty("path", root.resolve(name).toString());
        o.addProperty("status", "generating");
        return o;
    }

    private interface Job {
        String run() throws Exception;
    }

    private synchronized void startJob(String name, String kind, Job job) throws TrainingException {
        if (jobs.containsKey(name)) {
            throw new TrainingException(409, "dataset \"" + name + "\" is already " + jobKinds.get(name));
        }
        failures.remove(name);
        Thread t = new Thread(() -> {
            try {
                String message = job.run();
                status(name, "downloaded", message);
            } catch (InterruptedException e) {
                failures.put(name, "cancelled");
                status(name, "failed", "cancelled");
            } catch (Exception e) {
                String message = e.getMessage() == null ? e.toString() : e.getMessage();
                failures.put(name, message);
                status(name, "failed", message);
            } finally {
                jobs.remove(name);
                jobKinds.remove(name);
                lastProgress.remove(name);
            }
        }, "hark-dataset-" + (kind.equals("generating") ? "generate" : "download") + "-" + name);
        t.setDaemon(true);
        jobs.put(name, t);
        jobKinds.put(name, kind);
        t.start();
    }

    private void status(String name, String status, String message) {
        JsonObject o = new JsonObject();
        o.addProperty("dataset_name", name);
        o.addProperty("status", status);
        o.addProperty("message", message);
        events.accept(STATUS_EVENT, o);
    }

    private JsonObject progress(String name, String phase, long done, long total) {
        JsonObject p = new JsonObject();
        p.addProperty("dataset_name", name);
        p.addProperty("phase", phase);
        p.addProperty("done", done);
        p.addProperty("total", total);
        p.addProperty("fraction", total > 0 ? Math.min(1.0, Math.round(1000.0 * done / total) / 1000.0) : null);
        return p;
    }

    private void publishProgress(String name, JsonObject p) {
        lastProgress.put(name, p);
        events.accept(PROGRESS_EVENT, p);
    }

    private String runDownload(Source source) throws Exception {
        String name = source.name();
        Path downloads = Files.createDirectories(root.resolve(".downloads"));
        Path part = downloads.resolve(name + ".part");
        Path extracting = null;
        try {
            String sha = ArchiveDownload.download(URI.create(source.url()), part,
                    (phase, done, total) -> publishProgress(name, progress(name, phase, done, total)));
            if (source.sha256() != null && !source.sha256().isBlank()) {
                publishProgress(name, progress(name, "verify", 0, 1));
                if (!source.sha256().strip().equalsIgnoreCase(sha)) {
                    throw new IOException("checksum mismatch: expected SHA-256 " + source.sha256().strip().toLowerCase(Locale.ROOT)
                            + ", got " + sha);
                }
            }
            extracting = Files.createTempDirectory(root, "." + name + ".extracting-");
            int files = ArchiveDownload.extract(part, extracting,
                    (phase, done, total) -> publishProgress(name, progress(name, phase, done, total)));
            if (DatasetReader.detect(extracting).isEmpty()) {
                throw new IOException("the archive holds no dataset Hark can read (LJSpeech, JSUT or a manifest)");
            }
            Path target = root.resolve(name);
            if (Files.exists(target)) {
                SyntheticGeneratorAccess.deleteTree(target);
            }
            Files.move(extracting, target, StandardCopyOption.ATOMIC_MOVE);
            extracting = null;
            return "downloaded and extracted " + files + " files (SHA-256 " + sha + ")";
        } finally {
            Files.deleteIfExists(part);
            if (extracting != null) {
                SyntheticGeneratorAccess.deleteTree(extracting);
            }
        }
    }

    /** Deletes a dataset folder. */
    public void delete(String name) throws TrainingException, IOException {
        checkName(name);
        if (jobs.containsKey(name)) {
            throw new TrainingException(409, "dataset \"" + name + "\" is " + jobKinds.get(name));
        }
        if (inUse.test(name)) {
            throw new TrainingException(409, "dataset \"" + name + "\" is being trained on");
        }
        Path dir = root.resolve(name);
        if (!Files.isDirectory(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            if (Files.isSymbolicLink(dir)) {
                Files.delete(dir); // a link: remove the link, never what it points to
                return;
            }
            throw new TrainingException(404, "no dataset named \"" + name + "\"");
        }
        SyntheticGeneratorAccess.deleteTree(dir);
        stats.remove(dir);
        failures.remove(name);
    }

    /** Whether a download or generation is running for {@code name}. */
    public boolean busy(String name) {
        return jobs.containsKey(name);
    }

    /** Waits for running jobs to finish (tests, shutdown). */
    public void awaitJobs(long millis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + millis;
        for (Thread t : List.copyOf(jobs.values())) {
            t.join(Math.max(1, deadline - System.currentTimeMillis()));
        }
    }

    @Override
    public void close() {
        for (Thread t : jobs.values()) {
            t.interrupt();
        }
    }

    /** Deletion of folder trees (shared with the generator). */
    static final class SyntheticGeneratorAccess {
        private SyntheticGeneratorAccess() {
        }

        static void deleteTree(Path root) throws IOException {
            if (!Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                return;
            }
            try (Stream<Path> walk = Files.walk(root)) {
                for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }
}
