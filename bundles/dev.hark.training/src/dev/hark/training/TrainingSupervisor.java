package dev.hark.training;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

import dev.hark.process.ChildProcess;
import dev.hark.protocol.ProtocolJson;
import dev.hark.protocol.rest.Message;
import dev.hark.protocol.rest.ProgressReport;
import dev.hark.protocol.rest.TrainStarted;
import dev.hark.protocol.training.CheckpointSaved;
import dev.hark.protocol.training.DatasetProgress;
import dev.hark.protocol.training.DatasetStatus;
import dev.hark.protocol.training.TrainingError;
import dev.hark.protocol.training.TrainingLog;
import dev.hark.protocol.training.TrainingMessage;
import dev.hark.protocol.training.TrainingProgress;
import dev.hark.protocol.training.TrainingStatus;
import dev.hark.protocol.training.ValidationResult;
import dev.hark.protocol.training.WorkerLine;
import dev.hark.training.run.CheckpointLayout;
import dev.hark.training.run.ModelTrainer;
import dev.hark.training.run.RunSpec;

/**
 * Runs training jobs, one at a time, each in a worker process of its own, and keeps what v1's
 * {@code GET /progress} reports ({@link RunState}). The worker is a {@link ChildProcess}: its output thread
 * ("hark-training-worker-stdout") reads the protocol lines ({@link WorkerLine}) and republishes them through the event
 * sink; its error thread keeps standard error in the run's {@code worker.log} and the last lines in memory; the
 * supervisor thread ("hark-training-supervisor") waits for the exit and reports the outcome. When the
 * worker dies (killed, out of memory, crashed) the run is reported as failed with the reason; the server and its
 * streaming sessions are untouched, and the checkpoints already written stay. {@link #close()} stops a run in
 * progress and waits for it.
 */
public final class TrainingSupervisor implements AutoCloseable {

    /** How the supervisor starts workers. */
    public record Settings(int workerHeapMb, Path nativeCache, String javaExecutable) {
        public static Settings defaults(Path dataDir) {
            String java = dev.hark.process.JavaCommand.current();
            return new Settings(Integer.getInteger("hark.training.heap.mb", 1024), NativeCache.location(dataDir), java);
        }
    }

    private static final int STDERR_TAIL = 60;
    private static final int FEATURE_CACHE_MB = 768;

    private final Path checkpoints;
    private final Path runs;
    private final Consumer<TrainingMessage> events;
    private final Supplier<List<ModelTrainer>> trainers;
    private final DatasetStore datasets;
    private final WorkerLauncher launcher;
    private final RunState state = new RunState();
    private final ResumePoints resumePoints;
    private final RunHistory history;
    private final Path nativeCache;

    private final Object lock = new Object();
    private Run current; // guarded by lock

    public TrainingSupervisor(Path dataDir, Consumer<TrainingMessage> events, Supplier<List<ModelTrainer>> trainers,
            DatasetStore datasets, Settings settings) throws IOException {
        this.checkpoints = Files.createDirectories(dataDir.resolve("checkpoints"));
        this.runs = Files.createDirectories(dataDir.resolve("runs"));
        this.events = events;
        this.trainers = trainers;
        this.datasets = datasets;
        this.launcher = new WorkerLauncher(settings);
        this.nativeCache = settings.nativeCache();
        this.resumePoints = new ResumePoints(checkpoints);
        this.history = new RunHistory(runs, checkpoints);
        history.recoverInterrupted();
        datasets.setInUse(name -> {
            synchronized (lock) {
                return current != null && current.spec.datasetName().equals(name);
            }
        });
    }

    /** The models that can be trained. */
    public List<String> trainableModels() {
        return trainers.get().stream().map(ModelTrainer::modelName).sorted().toList();
    }

    private static final class Run {
        final RunSpec spec;
        final Path folder;
        final Path stopFile;
        final Writer eventsLog;
        final RunMetrics.Writer metrics;
        ChildProcess<Void> process;
        volatile String finalStatus; // completed / stopped, from the worker
        volatile TrainingError workerError;
        Thread supervisor;

        Run(RunSpec spec, Path folder, Path stopFile, RunHistory history) throws IOException {
            this.spec = spec;
            this.folder = folder;
            this.stopFile = stopFile;
            this.eventsLog = Files.newBufferedWriter(folder.resolve("events.jsonl"), StandardCharsets.UTF_8);
            this.metrics = history.metricsWriter(spec.runId(), folder);
        }

        void closeLogs() {
            try {
                eventsLog.close();
            } catch (IOException e) {
                // informational
            }
            metrics.close();
        }
    }

    // ------------------------------------------------------------------ commands

    /**
     * Starts a run ({@code resume}: v1's {@code /train/resume}, which requires a checkpoint).
     *
     * @throws TrainingException INVALID unknown model or dataset, NOT_FOUND no checkpoint to resume, CONFLICT already training
     */
    public TrainStarted start(TrainRequest request, boolean resume) throws TrainingException, IOException {
        ModelTrainer trainer = trainers.get().stream().filter(t -> t.modelName().equals(request.modelName())).findFirst()
                .orElseThrow(() -> TrainingException.invalid("unknown model \"" + DatasetStore.printable(request.modelName())
                        + "\"; trainable models: " + trainableModels()));
        if (request.datasetName() == null) {
            throw TrainingException.invalid("dataset_name is required");
        }
        if (!DatasetStore.validName(request.datasetName())) {
            throw TrainingException.invalid("invalid dataset name \"" + DatasetStore.printable(request.datasetName()) + "\"");
        }
        Path dataset = datasets.find(request.datasetName()).orElseThrow(() -> TrainingException.invalid(
                "dataset \"" + request.datasetName() + "\" is not available (download or generate it first)"));
        Path resumeFrom = resumePoints.of(request, resume);
        Run run;
        synchronized (lock) {
            if (current != null) {
                throw TrainingException.conflict("a training run is already in progress (" + current.spec.runId() + ")");
            }
            LocalDateTime now = LocalDateTime.now();
            String runId = now.format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + "-" + request.modelName() + "-"
                    + request.datasetName();
            Path folder = runs.resolve(runId);
            int attempt = 0;
            for (int i = 2; Files.exists(folder); i++) {
                folder = runs.resolve(runId + "-" + i);
                attempt = i - 1;
            }
            Files.createDirectories(folder);
            runId = folder.getFileName().toString();
            String tag = CheckpointLayout.runTag(now, Math.min(attempt, 25));
            Path stopFile = folder.resolve("stop");
            TestHooks hooks = request.hooks();
            RunSpec spec = new RunSpec(runId, request.modelName(), request.datasetName(), dataset.toString(), checkpoints.toString(),
                    resumeFrom == null ? null : resumeFrom.toString(), request.epochs(), request.batchSize(), request.learningRate(),
                    request.warmupSteps(), request.sampleLimit(), request.validationSplit(), request.seed(), request.keepCheckpoints(),
                    request.threads(), stopFile.toString(), FEATURE_CACHE_MB, hooks.failAfterStepsOrZero(), hooks.exhaustMemoryOrFalse(), tag);
            Path specFile = folder.resolve("spec.json");
            spec.write(specFile);
            Run r = new Run(spec, folder, stopFile, history);
            run = r;
            history.begin(spec, resumeFrom);
            try {
                run.process = launcher.launch(trainer, spec, specFile, launcher.heapMb(hooks), folder, line -> onWorkerLine(r, line),
                        STDERR_TAIL);
            } catch (IOException e) {
                r.closeLogs();
                history.end(runId, TrainingStatus.FAILED, "the training worker could not be started: " + e.getMessage());
                throw e;
            }
            current = run;
            state.begin(runId, spec.modelName(), spec.datasetName());
            run.supervisor = new Thread(() -> supervise(r), "hark-training-supervisor");
            run.supervisor.setDaemon(true);
            run.supervisor.start();
        }
        log(TrainingLog.INFO, (resumeFrom == null ? "started" : "resumed from " + resumeFrom.getFileName()) + ": " + request.modelName()
                + " on " + request.datasetName() + ", " + request.epochs() + " epochs, batch " + request.batchSize() + " (worker pid "
                + run.process.pid() + ")");
        return new TrainStarted(resumeFrom == null ? "Training started in background." : "Training resumed from checkpoint in background.",
                run.spec.runId(), resumeFrom == null ? null : resumeFrom.getFileName().toString());
    }

    /** The newest resumable checkpoint of a model and dataset (the latest pointer, else the highest epoch). */
    public Optional<Path> latest(String model, String dataset) {
        return resumePoints.latest(model, dataset);
    }

    /**
     * v1's {@code /train/stop}: asks the worker to save a checkpoint and stop.
     *
     * @throws TrainingException NOT_FOUND when no run is in progress
     */
    public Message stop() throws TrainingException {
        Run run;
        synchronized (lock) {
            run = current;
            if (run == null) {
                throw TrainingException.notFound("no training run in progress");
            }
        }
        try {
            Files.writeString(run.stopFile, WorkerLine.STOP_COMMAND + "\n");
        } catch (IOException e) {
            // stdin carries the request too
        }
        run.process.sendLine(WorkerLine.STOP_COMMAND); // false when the worker is exiting already
        log(TrainingLog.INFO, "stop requested");
        return new Message("Stop signal sent to training process.");
    }

    /** The runs kept in the data folder (running, finished, stopped, failed), with their metrics and checkpoints. */
    public RunHistory history() {
        return history;
    }

    /**
     * Deletes a run: its checkpoints and its history.
     *
     * @return the checkpoint folders deleted
     * @throws TrainingException INVALID bad id, NOT_FOUND no such run, CONFLICT the run is in progress
     */
    public List<String> deleteRun(String runId) throws TrainingException, IOException {
        synchronized (lock) {
            if (current != null && current.spec.runId().equals(runId)) {
                throw TrainingException.conflict("run " + runId + " is in progress: stop it first");
            }
            return history.delete(runId);
        }
    }

    public boolean isTraining() {
        synchronized (lock) {
            return current != null;
        }
    }

    private Optional<Run> current() {
        synchronized (lock) {
            return Optional.ofNullable(current);
        }
    }

    /** The running worker's process id, if any (tests, diagnostics). */
    public Optional<Long> workerPid() {
        return current().map(r -> r.process.pid());
    }

    /** Waits until no run is in progress. */
    public boolean awaitIdle(long timeout, TimeUnit unit) throws InterruptedException {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        while (isTraining()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(50);
        }
        return true;
    }

    /** v1's {@code GET /progress}, plus status, throughput, ETA and the last validation results. */
    public ProgressReport progress() {
        return state.report(isTraining());
    }

    private void log(String level, String message) {
        TrainingLog log = new TrainingLog(level, message);
        state.remember(log);
        events.accept(log);
    }

    // ------------------------------------------------------------------ supervision

    /** A line of the worker's standard output, on its output thread: a protocol message, or plain output kept as a log line. */
    private void onWorkerLine(Run run, String line) {
        Optional<TrainingMessage> message = WorkerLine.parse(line);
        if (message.isEmpty()) {
            if (!line.isBlank()) {
                log(TrainingLog.INFO, "worker: " + line);
            }
            return;
        }
        try {
            run.eventsLog.write(line.substring(WorkerLine.PREFIX.length()));
            run.eventsLog.write('\n');
            run.eventsLog.flush();
        } catch (IOException e) {
            // the run folder is informational
        }
        handle(run, message.get());
    }

    /** Waits for the worker to end (and its output to be read), then reports the outcome. */
    private void supervise(Run run) {
        int exit;
        try {
            exit = run.process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            run.process.kill();
            exit = -1;
        }
        run.closeLogs();
        finish(run, exit);
    }

    private void handle(Run run, TrainingMessage message) {
        switch (message) {
            case TrainingProgress p -> {
                state.progress(p);
                run.metrics.progress(p);
            }
            case TrainingLog l -> state.remember(l);
            case ValidationResult v -> {
                state.validation(v);
                run.metrics.validation(v);
            }
            case CheckpointSaved c -> state.checkpoint(c);
            case TrainingError e -> {
                run.workerError = e;
                state.error(e);
                state.remember(new TrainingLog(TrainingLog.ERROR, e.message()));
            }
            case TrainingStatus s -> {
                run.finalStatus = s.status(); // the server reports the outcome when the worker has exited
                return;
            }
            case DatasetProgress d -> {
                // not a worker's message: passed on as it came
            }
            case DatasetStatus d -> {
                // not a worker's message: passed on as it came
            }
            case dev.hark.protocol.training.EvaluationUpdate u -> {
                // not a worker's message: passed on as it came
            }
        }
        events.accept(message);
    }

    private void finish(Run run, int exit) {
        String status;
        String message;
        if (exit == 0 && run.finalStatus != null) {
            status = run.finalStatus;
            message = status.equals(TrainingStatus.STOPPED) ? "Training stopped; checkpoint saved." : "Training completed.";
        } else {
            status = TrainingStatus.FAILED;
            message = WorkerFailure.reason(stderrTail(run), run.workerError, exit, nativeCache, checkpoints);
            if (run.workerError == null) {
                TrainingError error = new TrainingError(message, stderrTail(run));
                state.error(error);
                events.accept(error);
            }
        }
        TrainingStatus outcome = new TrainingStatus(status, message, run.spec.runId(), exit);
        try {
            Files.writeString(run.folder.resolve("result.json"), ProtocolJson.toJson(outcome));
        } catch (IOException e) {
            // the run folder is informational
        }
        history.end(run.spec.runId(), status, message);
        synchronized (lock) {
            state.finished(status, message);
            current = null;
        }
        state.remember(new TrainingLog(status.equals(TrainingStatus.FAILED) ? TrainingLog.ERROR : TrainingLog.INFO, message));
        events.accept(outcome);
    }

    private static String stderrTail(Run run) {
        return String.join("\n", run.process.errorTail());
    }

    /** Stops a run in progress (a checkpoint is saved if the worker can) and waits a while for it. */
    @Override
    public void close() {
        Run run = current().orElse(null);
        if (run == null) {
            return;
        }
        try {
            stop();
            if (!run.process.waitFor(java.time.Duration.ofSeconds(30))) {
                run.process.kill();
            }
            run.supervisor.join(5_000);
        } catch (TrainingException e) {
            // already gone
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            run.process.kill();
        }
    }
}
