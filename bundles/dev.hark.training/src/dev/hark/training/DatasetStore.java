package dev.hark.training;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.LinkOption;
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
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.stream.Stream;

import com.google.gson.reflect.TypeToken;

import dev.hark.protocol.ProtocolException;
import dev.hark.protocol.ProtocolJson;
import dev.hark.protocol.rest.DatasetInfo;
import dev.hark.protocol.rest.DatasetJob;
import dev.hark.protocol.rest.GenerateRequest;
import dev.hark.protocol.rest.TrainingDefaults;
import dev.hark.protocol.training.DatasetProgress;
import dev.hark.protocol.training.DatasetStatus;
import dev.hark.protocol.training.TrainingMessage;
import dev.hark.training.data.ArchiveDownload;
import dev.hark.training.dataset.DatasetReader;
import dev.hark.training.data.SyntheticGenerator;
import dev.hark.training.data.SyntheticTexts;
import dev.hark.training.data.SyntheticVoice;

import org.apache.commons.io.FileUtils;

/**
 * The datasets in a server's data folder ({@code datasets/NAME/}) and the ones it can download: built-in
 * sources (LJSpeech, JSUT) plus those configured in {@code datasets.json}
 * ({@code {"name": {"url": ..., "sha256": ..., "layout": ..., "description": ...}}}). Downloads and generation run on
 * threads of their own ("hark-dataset-…", interrupted by {@link #close()}) and report through the event sink as
 * {@link DatasetProgress} and {@link DatasetStatus}.
 */
public final class DatasetStore implements AutoCloseable {

    private static final int SAMPLE_RATE = 16_000;

    /** A downloadable dataset. */
    public record Source(String name, String url, String sha256, String layout, String description) {
    }

    private final Path root;
    private final DatasetSources sources;
    private final DatasetStatistics statistics = new DatasetStatistics();
    private final Consumer<TrainingMessage> events;
    private final Map<String, Thread> jobs = new ConcurrentHashMap<>();
    private final Map<String, String> jobKinds = new ConcurrentHashMap<>();
    private final Map<String, DatasetProgress> lastProgress = new ConcurrentHashMap<>();
    private final Map<String, String> failures = new ConcurrentHashMap<>();
    private volatile Predicate<String> inUse = n -> false;

    public DatasetStore(Path dataDir, Consumer<TrainingMessage> events) throws IOException {
        this.root = dataDir.resolve("datasets");
        this.sources = new DatasetSources(dataDir.resolve("datasets.json"));
        this.events = events;
        Files.createDirectories(root);
    }

    public Path folder() {
        return root;
    }

    /** Tells the store which datasets a training run is reading (they cannot be deleted meanwhile). */
    public void setInUse(Predicate<String> inUse) {
        this.inUse = inUse;
    }

    public static boolean validName(String name) {
        return dev.hark.protocol.SafeNames.isValid(name);
    }

    private static String checkName(String name) throws TrainingException {
        if (!validName(name)) {
            throw TrainingException.invalid("invalid dataset name \"" + printable(name)
                    + "\": use 1-128 letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        return name;
    }

    static String printable(String s) {
        return dev.hark.protocol.SafeNames.printable(s);
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
        return sources.all();
    }

    // ------------------------------------------------------------------ listing

    /** v1's {@code GET /datasets}: every known or present dataset with status, files, size and hours. */
    public List<DatasetInfo> list() throws IOException {
        Map<String, Source> known = sources();
        TreeMap<String, Path> names = new TreeMap<>();
        known.keySet().forEach(n -> names.put(n, root.resolve(n)));
        try (Stream<Path> dirs = Files.list(root)) {
            dirs.filter(Files::isDirectory).forEach(d -> {
                String n = d.getFileName().toString();
                if (validName(n)) {
                    names.put(n, d);
                }
            });
        }
        jobs.keySet().forEach(n -> names.put(n, root.resolve(n)));
        List<DatasetInfo> out = new ArrayList<>();
        for (String name : names.keySet()) {
            out.add(describe(name, known.get(name)));
        }
        return out;
    }

    /** The names of the datasets ready to train on. */
    public List<String> downloaded() throws IOException {
        return list().stream().filter(DatasetInfo::downloaded).map(DatasetInfo::name).toList();
    }

    /**
     * One dataset, present or downloadable.
     *
     * @throws TrainingException INVALID for a bad name, NOT_FOUND when it is neither present, nor running, nor downloadable
     */
    public DatasetInfo describe(String name) throws TrainingException, IOException {
        checkName(name);
        Source source = sources().get(name);
        DatasetInfo info = describe(name, source);
        if (info.status().equals(DatasetInfo.STATUS_NOT_DOWNLOADED) && source == null) {
            throw TrainingException.notFound("no dataset named \"" + name + "\"");
        }
        return info;
    }

    private DatasetInfo describe(String name, Source source) throws IOException {
        Path dir = root.resolve(name);
        String job = jobKinds.get(name);
        Optional<Path> present = find(name);
        String status = job != null ? job
                : present.isPresent() ? DatasetInfo.STATUS_DOWNLOADED
                        : failures.containsKey(name) ? DatasetInfo.STATUS_FAILED : DatasetInfo.STATUS_NOT_DOWNLOADED;
        String layout = source == null ? null : source.layout();
        int files = 0;
        double sizeMb = 0;
        double hours = 0;
        Integer skipped = null;
        List<String> problems = null;
        Map<String, Object> generator = null;
        if (present.isPresent()) {
            DatasetStatistics.Stats s = statistics.of(present.get());
            files = s.files();
            sizeMb = Math.round(s.bytes() / 1048576.0 * 100) / 100.0;
            hours = Math.round(s.seconds() / 3600 * 1000) / 1000.0;
            skipped = s.skipped() + s.corrupt();
            problems = s.problems().stream().limit(10).toList();
            layout = s.layout().id();
            generator = generator(dir.resolve("generator.json"));
        }
        DatasetInfo.Config config = new DatasetInfo.Config(layout, SAMPLE_RATE, TrainingDefaults.VALIDATION_SPLIT,
                source == null ? null : source.url(), source == null ? null : source.description(), generator);
        return new DatasetInfo(name, status, dir.toString(), files, sizeMb, hours, skipped, problems, config,
                job != null ? lastProgress.get(name) : null,
                job == null && present.isEmpty() ? failures.get(name) : null);
    }

    private static Map<String, Object> generator(Path file) {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try {
            return ProtocolJson.fromJson(Files.readString(file), new TypeToken<Map<String, Object>>() {
            }.getType());
        } catch (IOException | ProtocolException | RuntimeException e) {
            return null; // informational only
        }
    }

    // ------------------------------------------------------------------ jobs

    /** Starts downloading a configured dataset; returns at once. */
    public DatasetJob download(String name) throws TrainingException {
        checkName(name);
        Optional<Path> present = find(name);
        if (present.isPresent() && !jobKinds.containsKey(name)) {
            // v1's answer for a present dataset, whether or not a download is configured for it
            int files;
            try {
                files = statistics.of(present.get()).files();
            } catch (IOException | RuntimeException e) {
                files = 0;
            }
            return new DatasetJob("Dataset '" + name + "' already exists", present.get().toString(), DatasetInfo.STATUS_DOWNLOADED,
                    files);
        }
        Source source = sources().get(name);
        if (source == null || source.url() == null) {
            throw TrainingException.notFound("no download configured for dataset \"" + name + "\"; known: " + sources().keySet()
                    + " (add one to " + sources.configFile() + ")");
        }
        startJob(name, DatasetInfo.STATUS_DOWNLOADING, () -> runDownload(source));
        return new DatasetJob("Download of " + name + " started; progress arrives as " + DatasetProgress.TYPE + " events.",
                root.resolve(name).toString(), DatasetInfo.STATUS_DOWNLOADING);
    }

    /**
     * Starts generating a synthetic dataset as a client asked ({@code dataset_name} or {@code name}, {@code kind}
     * digits by default, {@code count} 500, {@code seed} 42, {@code voices} all); returns at once.
     */
    public DatasetJob generate(GenerateRequest request) throws TrainingException {
        String name = request.datasetName() != null ? request.datasetName() : request.name();
        if (name == null || name.isBlank()) {
            throw TrainingException.invalid("dataset_name is required");
        }
        try {
            SyntheticTexts kind = SyntheticTexts.byName(request.kind() == null ? SyntheticTexts.DIGITS.id() : request.kind());
            List<SyntheticVoice> voices = request.voices() == null ? List.of()
                    : request.voices().stream().map(v -> SyntheticVoice.parse(String.valueOf(v))).toList();
            return generate(name.strip(), kind, request.count() == null ? GenerateRequest.DEFAULT_COUNT : request.count(),
                    request.seed() == null ? GenerateRequest.DEFAULT_SEED : request.seed(), voices);
        } catch (IllegalArgumentException e) {
            throw TrainingException.invalid(e.getMessage());
        }
    }

    /**
     * Starts generating a synthetic dataset; returns at once.
     *
     * @param voices voice ids to draw from (empty: all)
     */
    public DatasetJob generate(String name, SyntheticTexts kind, int count, long seed, List<SyntheticVoice> voices)
            throws TrainingException {
        checkName(name);
        if (Files.exists(root.resolve(name))) {
            throw TrainingException.conflict("dataset \"" + name + "\" already exists");
        }
        SyntheticGenerator.Options options;
        try {
            options = new SyntheticGenerator.Options(kind, count, seed, voices, 2);
        } catch (IllegalArgumentException e) {
            throw TrainingException.invalid(e.getMessage());
        }
        startJob(name, DatasetInfo.STATUS_GENERATING, () -> {
            SyntheticGenerator.Result r = SyntheticGenerator.generate(root.resolve(name), options, done -> {
                if (done == count || done % Math.max(1, count / 100) == 0) {
                    publishProgress(DatasetProgress.of(name, "generate", done, count));
                }
            });
            return "generated " + r.clips() + " clips (" + Math.round(r.seconds()) + " s of audio)"
                    + (r.failed() > 0 ? ", " + r.failed() + " failed" : "");
        });
        return new DatasetJob("Generating " + count + " " + kind.id() + " clips as dataset " + name + ".", root.resolve(name).toString(),
                DatasetInfo.STATUS_GENERATING);
    }

    private interface Job {
        String run() throws Exception;
    }

    private synchronized void startJob(String name, String kind, Job job) throws TrainingException {
        if (jobs.containsKey(name)) {
            throw TrainingException.conflict("dataset \"" + name + "\" is already " + jobKinds.get(name));
        }
        failures.remove(name);
        Thread t = new Thread(() -> {
            try {
                String message = job.run();
                events.accept(new DatasetStatus(name, DatasetInfo.STATUS_DOWNLOADED, message));
            } catch (InterruptedException e) {
                failures.put(name, "cancelled");
                events.accept(new DatasetStatus(name, DatasetInfo.STATUS_FAILED, "cancelled"));
            } catch (Exception e) {
                String message = e.getMessage() == null ? e.toString() : e.getMessage();
                failures.put(name, message);
                events.accept(new DatasetStatus(name, DatasetInfo.STATUS_FAILED, message));
            } finally {
                jobs.remove(name);
                jobKinds.remove(name);
                lastProgress.remove(name);
            }
        }, "hark-dataset-" + (kind.equals(DatasetInfo.STATUS_GENERATING) ? "generate" : "download") + "-" + name);
        t.setDaemon(true);
        jobs.put(name, t);
        jobKinds.put(name, kind);
        t.start();
    }

    private void publishProgress(DatasetProgress p) {
        lastProgress.put(p.datasetName(), p);
        events.accept(p);
    }

    private String runDownload(Source source) throws Exception {
        String name = source.name();
        Path downloads = Files.createDirectories(root.resolve(".downloads"));
        Path part = downloads.resolve(name + ".part");
        Path extracting = null;
        try {
            String sha = ArchiveDownload.download(URI.create(source.url()), part,
                    (phase, done, total) -> publishProgress(DatasetProgress.of(name, phase, done, total)));
            if (source.sha256() != null && !source.sha256().isBlank()) {
                publishProgress(DatasetProgress.of(name, "verify", 0, 1));
                if (!source.sha256().strip().equalsIgnoreCase(sha)) {
                    throw new IOException("checksum mismatch: expected SHA-256 " + source.sha256().strip().toLowerCase(Locale.ROOT)
                            + ", got " + sha);
                }
            }
            extracting = Files.createTempDirectory(root, "." + name + ".extracting-");
            int files = ArchiveDownload.extract(part, extracting,
                    (phase, done, total) -> publishProgress(DatasetProgress.of(name, phase, done, total)));
            if (DatasetReader.detect(extracting).isEmpty()) {
                throw new IOException("the archive holds no dataset Hark can read (LJSpeech, JSUT or a manifest)");
            }
            Path target = root.resolve(name);
            if (Files.exists(target)) {
                FileUtils.deleteDirectory(target.toFile());
            }
            Files.move(extracting, target, StandardCopyOption.ATOMIC_MOVE);
            extracting = null;
            return "downloaded and extracted " + files + " files (SHA-256 " + sha + ")";
        } finally {
            Files.deleteIfExists(part);
            if (extracting != null) {
                FileUtils.deleteDirectory(extracting.toFile());
            }
        }
    }

    /** Deletes a dataset folder. */
    public void delete(String name) throws TrainingException, IOException {
        checkName(name);
        if (jobs.containsKey(name)) {
            throw TrainingException.conflict("dataset \"" + name + "\" is " + jobKinds.get(name));
        }
        if (inUse.test(name)) {
            throw TrainingException.conflict("dataset \"" + name + "\" is being trained on");
        }
        Path dir = root.resolve(name);
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            if (Files.isSymbolicLink(dir)) {
                Files.delete(dir); // a link: remove the link, never what it points to
                return;
            }
            throw TrainingException.notFound("no dataset named \"" + name + "\"");
        }
        FileUtils.deleteDirectory(dir.toFile());
        statistics.forget(dir);
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

    /** Interrupts running downloads and generations (each reports itself failed: cancelled). */
    @Override
    public void close() {
        for (Thread t : jobs.values()) {
            t.interrupt();
        }
    }

}
