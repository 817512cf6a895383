package dev.hark.training;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import org.apache.commons.io.FileUtils;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import dev.hark.protocol.ProtocolException;
import dev.hark.protocol.ProtocolJson;
import dev.hark.protocol.SafeNames;
import dev.hark.protocol.runs.RunCheckpoint;
import dev.hark.protocol.runs.RunHyperparameters;
import dev.hark.protocol.runs.RunRecord;
import dev.hark.protocol.runs.ScalarSeries;
import dev.hark.protocol.training.TrainingStatus;
import dev.hark.training.run.CheckpointLayout;
import dev.hark.training.run.CheckpointNames;
import dev.hark.training.run.RunSpec;

/**
 * The server's training runs, kept in the data folder's {@code runs/{id}/}: {@code run.json} (a {@link RunRecord}:
 * model, dataset, hyperparameters, status and reason, start and end; written when the run starts and again when it
 * ends, each time whole and then moved into place), {@code metrics.jsonl} ({@link RunMetrics}), and the worker's own
 * files. The checkpoints of a run are the folders that carry its run tag. Survives restarts: a run that was running
 * when the server stopped is marked failed with that reason the next time it starts. Each run's folder also holds the
 * evaluations of its checkpoints ({@link EvaluationStore}); a listed run carries its best one. Thread-safe.
 */
public final class RunHistory {

    static final String RECORD = "run.json";
    static final String INTERRUPTED = "the server stopped while the run was in progress";

    private final Path runs;
    private final Path checkpoints;
    private final Map<String, RunMetrics.Summary> summaries = new ConcurrentHashMap<>();
    private volatile RunListener listener = RunListener.NONE;
    private final EvaluationStore evaluations;

    RunHistory(Path runs, Path checkpoints) {
        this.runs = runs;
        this.checkpoints = checkpoints;
        this.evaluations = new EvaluationStore(runs);
    }

    /** The evaluations of the runs' checkpoints (kept in each run's folder). */
    public EvaluationStore evaluations() {
        return evaluations;
    }

    /** Who hears the changes from now on (one listener: the server's fan-out; null for none). */
    public void listen(RunListener l) {
        listener = l == null ? RunListener.NONE : l;
    }

    /** A writer of a run's {@code metrics.jsonl} that tells the listener each value. */
    RunMetrics.Writer metricsWriter(String runId, Path folder) throws IOException {
        return new RunMetrics.Writer(folder, line -> listener.point(runId, line));
    }

    /** Marks runs still "running" on disk as failed (no run is in progress when a supervisor starts). */
    void recoverInterrupted() {
        for (RunRecord r : records()) {
            if (RunRecord.RUNNING.equals(r.status())) {
                write(r.ended(RunRecord.FAILED, INTERRUPTED, lastWritten(runs.resolve(r.id()))));
            }
        }
        evaluations.recoverInterrupted(records().stream().map(RunRecord::id).toList());
    }

    /** Records a run that starts now. */
    void begin(RunSpec spec, Path resumeFrom) {
        RunHyperparameters h = new RunHyperparameters(spec.epochs(), spec.batchSize(), spec.learningRate(), spec.warmupSteps(),
                spec.limitSamples(), spec.validationSplit(), spec.seed(), spec.keepCheckpoints(), spec.threads());
        write(new RunRecord(spec.runId(), spec.runId(), spec.modelName(), spec.datasetName(), spec.checkpointTag(),
                resumeFrom == null ? null : resumeFrom.getFileName().toString(), h, RunRecord.RUNNING, null, Instant.now().toString(),
                null, List.of(), 0, -1, null, null));
    }

    /** Records how a run ended ({@link TrainingStatus#status()}: completed, stopped or failed). */
    void end(String runId, String status, String reason) {
        read(runId).ifPresent(r -> write(r.ended(status, reason, Instant.now().toString())));
    }

    /** Every run, newest first, with its series summary (without checkpoints). */
    public List<RunRecord> list() {
        List<RunRecord> out = new ArrayList<>();
        for (RunRecord r : records()) {
            out.add(summarized(r, null));
        }
        out.sort(Comparator.comparing((RunRecord r) -> instant(r.startedAt())).reversed()
                .thenComparing(RunRecord::id, Comparator.reverseOrder()));
        return out;
    }

    /**
     * One run with its series summary and checkpoints.
     *
     * @throws TrainingException INVALID for an id that is not a run's name, NOT_FOUND for no such run
     */
    public RunRecord get(String id) throws TrainingException {
        RunRecord r = read(checkId(id)).orElseThrow(() -> TrainingException.notFound("no run \"" + SafeNames.printable(id) + "\""));
        return summarized(r, checkpointsOf(r));
    }

    /**
     * Tells the listener that a run's best evaluation may have changed (an evaluation of one of its checkpoints
     * ended), so clients that follow the pushed changes see it as they see a run's end. A run that is gone: nothing.
     */
    public void evaluated(String id) {
        try {
            read(checkId(id)).ifPresent(r -> listener.changed(summarized(r, null)));
        } catch (TrainingException | RuntimeException e) {
            // not a run (any more): nobody to tell
        }
    }

    /**
     * One tag of a run, downsampled to {@code maxPoints} ({@code <= 0}: all).
     *
     * @throws TrainingException INVALID for a bad id, NOT_FOUND for no such run or no such tag
     */
    public ScalarSeries series(String id, String tag, int maxPoints) throws TrainingException, IOException {
        get(id);
        if (tag == null || tag.isBlank()) {
            throw TrainingException.invalid("give a tag (tag=loss, learning_rate, val_loss, cer or wer)");
        }
        try {
            return RunMetrics.series(runs.resolve(id), id, tag, maxPoints);
        } catch (IllegalArgumentException e) {
            throw TrainingException.notFound(e.getMessage());
        }
    }

    /**
     * Deletes a run's checkpoints and history (the caller refuses a running run). The latest pointer of its model and
     * dataset moves to the newest checkpoint left, or goes when none is left.
     *
     * @return the names of the checkpoint folders deleted, by epoch
     */
    List<String> delete(String id) throws TrainingException, IOException {
        RunRecord r = get(id);
        List<String> deleted = new ArrayList<>();
        if (r.checkpointTag() != null && CheckpointLayout.isRunTag(r.checkpointTag())) {
            String series = CheckpointLayout.series(r.model(), r.dataset(), r.checkpointTag());
            List<String> mine = folders().stream().filter(f -> CheckpointLayout.epochOfSeries(f, series).isPresent())
                    .sorted(Comparator.comparingInt(f -> CheckpointLayout.epochOfSeries(f, series).orElseThrow())).toList();
            for (String folder : mine) {
                FileUtils.deleteDirectory(checkpoints.resolve(folder).toFile());
                deleted.add(folder);
            }
            repoint(r.model(), r.dataset());
        }
        FileUtils.deleteDirectory(runs.resolve(r.id()).toFile());
        summaries.remove(r.id());
        listener.deleted(new dev.hark.protocol.runs.RunDeleted(r.id(), deleted, "deleted run " + r.id() + " and its " + deleted.size()
                + " checkpoint" + (deleted.size() == 1 ? "" : "s")));
        return deleted;
    }

    // ------------------------------------------------------------------ reading

    private static Instant instant(String iso) {
        try {
            return iso == null ? Instant.EPOCH : Instant.parse(iso);
        } catch (RuntimeException e) {
            return Instant.EPOCH;
        }
    }

    private static String checkId(String id) throws TrainingException {
        if (!SafeNames.isValid(id)) {
            throw TrainingException.invalid("invalid run id \"" + SafeNames.printable(id) + "\"");
        }
        return id;
    }

    private List<RunRecord> records() {
        List<RunRecord> out = new ArrayList<>();
        if (!Files.isDirectory(runs)) {
            return out;
        }
        try (Stream<Path> list = Files.list(runs)) {
            for (Path dir : list.filter(Files::isDirectory).toList()) {
                String id = dir.getFileName().toString();
                if (SafeNames.isValid(id)) {
                    read(id).ifPresent(out::add);
                }
            }
        } catch (IOException e) {
            return out;
        }
        return out;
    }

    /** A run's record: its {@code run.json}, else (runs of earlier versions) what its spec and result say. */
    private Optional<RunRecord> read(String id) {
        Path dir = runs.resolve(id);
        if (!Files.isDirectory(dir)) {
            return Optional.empty();
        }
        try {
            Path record = dir.resolve(RECORD);
            if (Files.isRegularFile(record)) {
                RunRecord r = ProtocolJson.fromJson(Files.readString(record), RunRecord.class);
                return Optional.ofNullable(r).filter(x -> id.equals(x.id()));
            }
            Path specFile = dir.resolve("spec.json");
            if (!Files.isRegularFile(specFile)) {
                return Optional.empty();
            }
            RunSpec spec = RunSpec.read(specFile);
            String status = RunRecord.FAILED;
            String reason = INTERRUPTED;
            Path result = dir.resolve("result.json");
            if (Files.isRegularFile(result)) {
                TrainingStatus s = ProtocolJson.fromJson(Files.readString(result), TrainingStatus.class);
                status = s.status();
                reason = s.message();
            }
            RunHyperparameters h = new RunHyperparameters(spec.epochs(), spec.batchSize(), spec.learningRate(), spec.warmupSteps(),
                    spec.limitSamples(), spec.validationSplit(), spec.seed(), spec.keepCheckpoints(), spec.threads());
            String start = Files.getLastModifiedTime(specFile).toInstant().toString();
            return Optional.of(new RunRecord(id, id, spec.modelName(), spec.datasetName(), spec.checkpointTag(),
                    spec.resumeFrom() == null ? null : Path.of(spec.resumeFrom()).getFileName().toString(), h, status, reason, start,
                    lastWritten(dir), List.of(), 0, -1, null, null));
        } catch (IOException | ProtocolException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private RunRecord summarized(RunRecord r, List<RunCheckpoint> checkpointList) {
        RunMetrics.Summary s;
        try {
            s = summaries.compute(r.id(), (k, previous) -> {
                try {
                    return RunMetrics.summary(runs.resolve(k), previous == null ? RunMetrics.Summary.EMPTY : previous);
                } catch (IOException e) {
                    return previous == null ? RunMetrics.Summary.EMPTY : previous;
                }
            });
        } catch (RuntimeException e) {
            s = RunMetrics.Summary.EMPTY;
        }
        return r.with(s.tags(), s.points(), s.lastStep(), checkpointList).withBest(evaluations.best(r.id()));
    }

    /** The checkpoints that carry the run's tag, by epoch, with their validation metrics. */
    private List<RunCheckpoint> checkpointsOf(RunRecord r) {
        List<RunCheckpoint> out = new ArrayList<>();
        if (r.checkpointTag() == null || !CheckpointLayout.isRunTag(r.checkpointTag())) {
            return out;
        }
        String series = CheckpointLayout.series(r.model(), r.dataset(), r.checkpointTag());
        CheckpointNames names = CheckpointNames.of(checkpoints);
        for (String folder : folders()) {
            Optional<Integer> epoch = CheckpointLayout.epochOfSeries(folder, series);
            if (epoch.isEmpty()) {
                continue;
            }
            JsonObject m = metadata(checkpoints.resolve(folder));
            out.add(new RunCheckpoint(names.shown(folder), folder, epoch.get(), number(m, "global_step").map(Double::longValue).orElse(0L),
                    number(m, "val_loss").orElse(null), number(m, "cer").orElse(null), number(m, "wer").orElse(null),
                    text(m, "training_status"), text(m, "last_checkpoint_time")));
        }
        out.sort(Comparator.comparingInt(RunCheckpoint::epoch));
        return out;
    }

    private List<String> folders() {
        if (!Files.isDirectory(checkpoints)) {
            return List.of();
        }
        try (Stream<Path> list = Files.list(checkpoints)) {
            return list.filter(Files::isDirectory).map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".")).sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private static JsonObject metadata(Path dir) {
        try {
            JsonElement e = JsonParser.parseString(Files.readString(dir.resolve("training_metadata.json")));
            return e.isJsonObject() ? e.getAsJsonObject() : new JsonObject();
        } catch (IOException | RuntimeException e) {
            return new JsonObject();
        }
    }

    private static Optional<Double> number(JsonObject m, String key) {
        JsonElement e = m.get(key);
        return e != null && e.isJsonPrimitive() && e.getAsJsonPrimitive().isNumber() ? Optional.of(e.getAsDouble()) : Optional.empty();
    }

    private static String text(JsonObject m, String key) {
        JsonElement e = m.get(key);
        return e != null && e.isJsonPrimitive() ? e.getAsString() : null;
    }

    // ------------------------------------------------------------------ writing

    private void write(RunRecord r) {
        Path dir = runs.resolve(r.id());
        try {
            Path tmp = dir.resolve("." + RECORD + ".tmp");
            Files.writeString(tmp, ProtocolJson.toJson(r.with(List.of(), 0, -1, null).withBest(null)));
            Files.move(tmp, dir.resolve(RECORD), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            // the history is kept as well as the disk allows
        }
        listener.changed(summarized(r, null));
    }

    /** Points {@code {model}-{dataset}-latest} at the newest checkpoint left, or removes it. */
    private void repoint(String model, String dataset) throws IOException {
        Path pointer = checkpoints.resolve(CheckpointLayout.latestPointer(model, dataset));
        if (Files.isRegularFile(pointer) && Files.isDirectory(checkpoints.resolve(Files.readString(pointer).strip()))) {
            return;
        }
        Optional<String> newest = folders().stream().filter(f -> CheckpointLayout.epochOf(f, model, dataset).isPresent())
                .max(Comparator.comparingLong(f -> lastModified(checkpoints.resolve(f))));
        if (newest.isPresent()) {
            Path tmp = checkpoints.resolve(CheckpointLayout.temporaryPrefix(pointer.getFileName().toString()));
            Files.writeString(tmp, newest.get() + "\n");
            Files.move(tmp, pointer, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } else {
            Files.deleteIfExists(pointer);
        }
    }

    private static long lastModified(Path p) {
        try {
            return Files.getLastModifiedTime(p).toMillis();
        } catch (IOException e) {
            return Long.MIN_VALUE;
        }
    }

    private static String lastWritten(Path dir) {
        long newest = Long.MIN_VALUE;
        try (Stream<Path> list = Files.list(dir)) {
            for (Path p : list.toList()) {
                newest = Math.max(newest, lastModified(p));
            }
        } catch (IOException e) {
            // fall back to now
        }
        return (newest == Long.MIN_VALUE ? Instant.now() : Instant.ofEpochMilli(newest)).toString();
    }
}
