package dev.hark.api;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import dev.hark.core.runs.Downsampler;
import dev.hark.protocol.ProtocolException;
import dev.hark.protocol.ProtocolJson;
import dev.hark.protocol.SafeNames;
import dev.hark.protocol.runs.MetricLine;
import dev.hark.protocol.runs.ScalarPoint;
import dev.hark.protocol.runs.ScalarSeries;

/**
 * The runs Hark observed on one asr-test backend, kept in a folder of its own so that a reopened workbench (or
 * {@code hark runs}) sees them: {@code ID/run.json} ({@link ObservedRun}, rewritten whole and moved into place) and
 * {@code ID/metrics.jsonl} ({@link MetricLine}s, the format of a Hark server's runs, appended line by line). Bounded:
 * the newest {@value #MAX_RUNS} runs are kept (older folders are deleted when a run begins) and at most
 * {@value #MAX_POINTS} values per run (later values are not kept; the run says so). Thread-safe.
 */
final class ObservedRuns {

    static final int MAX_RUNS = 100;
    static final int MAX_POINTS = 200_000;
    static final String RECORD = "run.json";
    static final String METRICS = "metrics.jsonl";

    /** A run with the summary of its values. */
    record Entry(ObservedRun run, Map<String, Long> counts, long lastStep, double lastWallTime) {
        long points() {
            return counts.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    private final Path folder;
    private final Map<String, Entry> runs = new LinkedHashMap<>(); // guarded by this

    /** Reads what the folder holds (a run.json that cannot be read is skipped). */
    ObservedRuns(Path folder) throws IOException {
        this.folder = Files.createDirectories(folder);
        try (Stream<Path> list = Files.list(folder)) {
            for (Path dir : list.filter(Files::isDirectory).toList()) {
                load(dir);
            }
        }
    }

    Path folder() {
        return folder;
    }

    private void load(Path dir) {
        String id = dir.getFileName().toString();
        try {
            ObservedRun r = ProtocolJson.fromJson(Files.readString(dir.resolve(RECORD)), ObservedRun.class);
            if (r == null || !id.equals(r.id())) {
                return;
            }
            Map<String, Long> counts = new LinkedHashMap<>();
            long last = -1;
            double wall = Double.NaN;
            for (MetricLine l : lines(dir.resolve(METRICS))) {
                counts.merge(l.tag(), 1L, Long::sum);
                last = Math.max(last, l.step());
                wall = l.wallTime();
            }
            runs.put(id, new Entry(r, counts, last, wall));
        } catch (IOException | ProtocolException | RuntimeException e) {
            // not a run this store wrote: left alone
        }
    }

    private static List<MetricLine> lines(Path file) throws IOException {
        List<MetricLine> out = new ArrayList<>();
        if (!Files.isRegularFile(file)) {
            return out;
        }
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            for (String line; (line = in.readLine()) != null;) {
                try {
                    MetricLine l = ProtocolJson.fromJson(line, MetricLine.class);
                    if (l != null && l.tag() != null) {
                        out.add(l);
                    }
                } catch (ProtocolException e) {
                    // a line cut short by a crash: skipped
                }
            }
        }
        return out;
    }

    /** Every run, newest first. */
    synchronized List<Entry> list() {
        List<Entry> out = new ArrayList<>(runs.values());
        out.sort(Comparator.comparing((Entry e) -> e.run().startedAt(), Comparator.nullsFirst(Comparator.naturalOrder())).reversed()
                .thenComparing(e -> e.run().id(), Comparator.reverseOrder()));
        return out;
    }

    synchronized Entry get(String id) {
        return runs.get(id);
    }

    /** Records a run that begins (or is first seen) now; the oldest runs beyond the bound go. */
    synchronized ObservedRun begin(ObservedRun r) throws IOException {
        String id = r.id();
        for (int i = 2; runs.containsKey(id) || Files.exists(folder.resolve(id)); i++) {
            id = r.id() + "-" + i;
        }
        ObservedRun run = new ObservedRun(id, r.model(), r.dataset(), r.status(), r.reason(), r.startedAt(), r.endedAt(), r.sawStart(),
                r.firstObservedStep(), r.hparams(), r.checkpoints());
        Files.createDirectories(SafeNames.resolve(folder, id));
        runs.put(id, new Entry(run, new LinkedHashMap<>(), -1, Double.NaN));
        write(run);
        List<Entry> all = list();
        for (Entry old : all.subList(Math.min(MAX_RUNS, all.size()), all.size())) {
            runs.remove(old.run().id());
            deleteFolder(folder.resolve(old.run().id()));
        }
        return run;
    }

    /** Replaces a run's record (status, checkpoints, hyperparameters). */
    synchronized void update(ObservedRun r) throws IOException {
        Entry e = runs.get(r.id());
        if (e != null) {
            runs.put(r.id(), new Entry(r, e.counts(), e.lastStep(), e.lastWallTime()));
            write(r);
        }
    }

    /** Appends a value; false when the run has as many as it may keep (or none such). Non-finite values are not kept. */
    synchronized boolean add(String id, String tag, long step, double value) throws IOException {
        Entry e = runs.get(id);
        if (e == null || e.points() >= MAX_POINTS || !Double.isFinite(value)) {
            return false;
        }
        Instant now = Instant.now();
        double wall = now.getEpochSecond() + now.getNano() / 1e9;
        try (BufferedWriter out = Files.newBufferedWriter(folder.resolve(id).resolve(METRICS), StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
            out.write(ProtocolJson.toJson(new MetricLine(tag, step, wall, value)));
            out.write('\n');
        }
        Map<String, Long> counts = new LinkedHashMap<>(e.counts());
        counts.merge(tag, 1L, Long::sum);
        runs.put(id, new Entry(e.run(), counts, Math.max(e.lastStep(), step), wall));
        return true;
    }

    /** One tag of a run, downsampled to {@code maxPoints} ({@code <= 0}: all). */
    ScalarSeries series(String id, String tag, int maxPoints) throws IOException {
        Entry e = get(id);
        if (e == null) {
            throw new IllegalArgumentException("no run \"" + SafeNames.printable(id) + "\"");
        }
        if (!e.counts().containsKey(tag)) {
            throw new IllegalArgumentException("run " + id + " has no tag \"" + SafeNames.printable(tag) + "\" (it has " + e.counts().keySet() + ")");
        }
        List<MetricLine> mine = lines(folder.resolve(id).resolve(METRICS)).stream().filter(l -> l.tag().equals(tag)).toList();
        List<ScalarPoint> points = Downsampler.downsample(new Downsampler.Column() {
            @Override
            public int size() {
                return mine.size();
            }

            @Override
            public long step(int i) {
                return mine.get(i).step();
            }

            @Override
            public double wallTime(int i) {
                return mine.get(i).wallTime();
            }

            @Override
            public double value(int i) {
                return mine.get(i).value();
            }
        }, maxPoints);
        return new ScalarSeries(id, tag, points, mine.size());
    }

    private void write(ObservedRun r) throws IOException {
        Path dir = folder.resolve(r.id());
        Path tmp = dir.resolve("." + RECORD + ".tmp");
        Files.writeString(tmp, ProtocolJson.toJson(r));
        Files.move(tmp, dir.resolve(RECORD), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private static void deleteFolder(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
