package dev.hark.training;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import dev.hark.protocol.JsonMessages;
import dev.hark.training.run.ModelTrainer;
import dev.hark.training.run.RunSpec;
import dev.hark.training.run.WorkerProtocol;

/**
 * Runs training jobs, one at a time, each in a worker process of its own, and keeps what v1's
 * {@code GET /progress} reports. The supervisor thread ("hark-training-supervisor") reads the worker's protocol
 * lines and republishes them through the event sink (v1's shapes, one step numbering); a second thread
 * ("hark-training-stderr") keeps the worker's standard error in the run log and the last lines in memory. When the
 * worker dies (killed, out of memory, crashed) the run is reported as failed with the reason; the server and its
 * streaming sessions are untouched, and the checkpoints already written stay.
 */
public final class TrainingSupervisor implements AutoCloseable {

    /** How the supervisor starts workers. */
    public record Settings(int workerHeapMb, Path nativeCache, String javaExecutable) {
        public static Settings defaults(Path dataDir) {
            String java = ProcessHandle.current().info().command().orElse(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString());
            String cache = System.getProperty("hark.djl.cache");
            return new Settings(Integer.getInteger("hark.training.heap.mb", 1024),
                    cache != null ? Path.of(cache) : dataDir.resolve("cache").resolve("djl"), java);
        }
    }

    private static final int MAX_LOGS = 50;
    private static final int STDERR_TAIL = 60;

    private final Path dataDir;
    private final Path checkpoints;
    private final Path runs;
    private final BiConsumer<String, JsonObject> events;
    private final Supplier<List<ModelTrainer>> trainers;
    private final DatasetStore datasets;
    private final Settings settings;

    private final Object lock = new Object();
    private Run current; // guarded by lock
    private final Deque<String> logs = new ArrayDeque<>();
    private JsonObject lastProgress = new JsonObject();
    private JsonObject lastValidation;
    private JsonObject lastError;
    private String lastStatus = "idle";
    private String lastStatusMessage;
    private String lastCheckpoint;
    private String lastModel;
    private String lastDataset;
    private String lastRunId;

    public TrainingSupervisor(Path dataDir, BiConsumer<String, JsonObject> events, Supplier<List<ModelTrainer>> trainers,
            DatasetStore datasets, Settings settings) throws IOException {
        this.dataDir = dataDir;
        this.checkpoints = Files.createDirectories(dataDir.resolve("checkpoints"));
        this.runs = Files.createDirectories(dataDir.resolve("runs"));
        this.events = events;
        this.trainers = trainers;
        this.datasets = datasets;
        this.settings = settings;
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

    private final class Run {
        final RunSpec spec;
        final Process process;
        final Path folder;
        final Path stopFile;
        final Deque<String> stderrTail = new ArrayDeque<>();
        volatile boolean stopRequested;
        volatile String finalStatus; // completed / stopped, from the worker
        volatile JsonObject workerError;
        Thread supervisor;
        Thread stderrReader;

        Run(RunSpec spec, Process process, Path folder, Path stopFile) {
            this.spec = spec;
            this.process = process;
            this.folder = folder;
            this.stopFile = stopFile;
        }
    }

    // ------------------------------------------------------------------ commands

    /**
     * Starts a run ({@code resume}: v1's {@code /train/resume}, which requires a checkpoint). Returns v1's
     * message object.
     */
    public JsonObject start(TrainRequest request, boolean resume) throws TrainingException, IOException {
        ModelTrainer trainer = trainers.get().stream().filter(t -> t.modelName().equals(request.modelName())).findFirst()
                .orElseThrow(() -> new TrainingException(400, "unknown model \"" + DatasetStore.printable(request.modelName())
                        + "\"; trainable models: " + trainableModels()));
        if (request.datasetName() == null) {
            throw new TrainingException(400, "dataset_name is required");
        }
        if (!DatasetStore.validName(request.datasetName())) {
            throw new TrainingException(400, "invalid dataset name \"" + DatasetStore.printable(request.datasetName()) + "\"");
        }
        Path dataset = datasets.find(request.datasetName()).orElseThrow(() -> new TrainingException(400,
                "dataset \"" + request.datasetName() + "\" is not available (download or generate it first)"));
        Path resumeFrom = checkpointToResume(request, resume);
        synchronized (lock) {
            if (current != null) {
                throw new TrainingException(409, "a training run is already in progress (" + current.spec.runId() + ")");
            }
            String runId = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + "-" + request.modelName() + "-"
                    + request.datasetName();
            Path folder = runs.resolve(runId);
            for (int i = 2; Files.exists(folder); i++) {
                folder = runs.resolve(runId + "-" + i);
            }
            Files.createDirectories(folder);
            runId = folder.getFileName().toString();
            Path stopFile = folder.resolve("stop");
            int limit = request.lightweight() ? 10 : request.limitSamples();
            RunSpec spec = new RunSpec(runId, request.modelName(), request.datasetName(), dataset.toString(), checkpoints.toString(),
                    resumeFrom == null ? null : resumeFrom.toString(), request.epochs(), request.batchSize(), request.learningRate(),
                    request.warmupSteps(), limit, request.validationSplit(), request.seed(), request.keepCheckpoints(),
                    request.threads(), stopFile.toString(), 768, request.failAfterSteps(), request.exhaustMemory());
            Path specFile = folder.resolve("spec.json");
            spec.write(specFile);
            Process process = launch(trainer, spec, specFile, request.workerHeapMb() > 0 ? request.workerHeapMb() : settings.workerHeapMb(),
                    folder);
            Run run = new Run(spec, process, folder, stopFile);
            current = run;
            logs.clear();
            lastProgress = new JsonObject();
            lastValidation = null;
            lastError = null;
            lastCheckpoint = null;
            lastStatus = "running";
            lastStatusMessage = null;
            lastModel = spec.modelName();
            lastDataset = spec.datasetName();
            lastRunId = runId;
            run.stderrReader = new Thread(() -> readStderr(run), "hark-training-stderr");
            run.stderrReader.setDaemon(true);
            run.supervisor = new Thread(() -> supervise(run), "hark-training-supervisor");
            run.supervisor.setDaemon(true);
            run.stderrReader.start();
            run.supervisor.start();
        }
        log("INFO", (resumeFrom == null ? "started" : "resumed from " + resumeFrom.getFileName()) + ": " + request.modelName() + " on "
                + request.datasetName() + ", " + request.epochs() + " epochs, batch " + request.batchSize() + " (worker pid "
                + current().map(r -> r.process.pid()).orElse(-1L) + ")");
        JsonObject o = new JsonObject();
        o.addProperty("message", resumeFrom == null ? "Training started in background." : "Training resumed from checkpoint in background.");
        o.addProperty("run_id", lastRunId);
        o.addProperty("resumed_from", resumeFrom == null ? null : resumeFrom.getFileName().toString());
        return o;
    }

    private Path checkpointToResume(TrainRequest request, boolean resume) throws TrainingException {
        if (request.specificCheckpoint() != null) {
            String name = request.specificCheckpoint();
            if (!DatasetStore.validName(name)) {
                throw new TrainingException(400, "invalid checkpoint name \"" + DatasetStore.printable(name) + "\"");
            }
            Path dir = checkpoints.resolve(name);
            if (!Files.isRegularFile(dir.resolve("trainer_state.json"))) {
                throw new TrainingException(404, "no resumable checkpoint named \"" + name + "\"");
            }
            return dir;
        }
        if (!resume && !request.resumeFromCheckpoint()) {
            return null;
        }
        Optional<Path> latest = latest(request.modelName(), request.datasetName());
        if (latest.isEmpty() && resume) {
            throw new TrainingException(404, "no checkpoint of " + request.modelName() + " on " + request.datasetName() + " to resume from");
        }
        return latest.orElse(null);
    }

    /** The newest resumable checkpoint of a model and dataset (the latest pointer, else the highest epoch). */
    public Optional<Path> latest(String model, String dataset) {
        Path pointer = checkpoints.resolve(model + "-" + dataset + "-latest");
        try {
            if (Files.isRegularFile(pointer)) {
                String name = Files.readString(pointer).strip();
                if (DatasetStore.validName(name) && Files.isRegularFile(checkpoints.resolve(name).resolve("trainer_state.json"))) {
                    return Optional.of(checkpoints.resolve(name));
                }
            }
            String prefix = model + "-" + dataset + "-epoch-";
            try (var list = Files.list(checkpoints)) {
                return list.filter(d -> d.getFileName().toString().startsWith(prefix))
                        .filter(d -> d.getFileName().toString().substring(prefix.length()).matches("\\d+"))
                        .filter(d -> Files.isRegularFile(d.resolve("trainer_state.json")))
                        .max((a, b) -> Integer.compare(Integer.parseInt(a.getFileName().toString().substring(prefix.length())),
                                Integer.parseInt(b.getFileName().toString().substring(prefix.length()))));
            }
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private Process launch(ModelTrainer trainer, RunSpec spec, Path specFile, int heapMb, Path folder) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(settings.javaExecutable());
        command.add("-Xmx" + heapMb + "m");
        command.add("-XX:+ExitOnOutOfMemoryError");
        command.add("-Djava.awt.headless=true");
        command.add("--enable-native-access=ALL-UNNAMED");
        command.addAll(trainer.jvmOptions());
        command.add("-cp");
        command.add(trainer.classpath().stream().map(Path::toString).collect(Collectors.joining(java.io.File.pathSeparator)));
        command.add(trainer.mainClass());
        command.add(specFile.toString());
        Files.createDirectories(settings.nativeCache());
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().put("DJL_CACHE_DIR", settings.nativeCache().toString());
        pb.environment().put("ENGINE_CACHE_DIR", settings.nativeCache().toString());
        pb.environment().put("DJL_OFFLINE", "true");
        pb.environment().put("OMP_NUM_THREADS", Integer.toString(spec.threads()));
        pb.environment().put("MKL_NUM_THREADS", Integer.toString(spec.threads()));
        pb.directory(folder.toFile());
        Files.writeString(folder.resolve("command.txt"), String.join("\n", command) + "\n");
        return pb.start();
    }

    /** v1's {@code /train/stop}: asks the worker to save a checkpoint and stop. */
    public JsonObject stop() throws TrainingException {
        Run run;
        synchronized (lock) {
            run = current;
            if (run == null) {
                throw new TrainingException(404, "no training run in progress");
            }
        }
        run.stopRequested = true;
        try {
            Files.writeString(run.stopFile, "stop\n");
        } catch (IOException e) {
            // stdin carries the request too
        }
        try {
            OutputStream in = run.process.getOutputStream();
            in.write((WorkerProtocol.STOP_COMMAND + "\n").getBytes(StandardCharsets.UTF_8));
            in.flush();
        } catch (IOException e) {
            // the worker may be exiting already
        }
        log("INFO", "stop requested");
        JsonObject o = new JsonObject();
        o.addProperty("message", "Stop signal sent to training process.");
        return o;
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

    // ------------------------------------------------------------------ progress

    /** v1's {@code GET /progress}, plus status, throughput, ETA and the last validation results. */
    public JsonObject progress() {
        synchronized (lock) {
            JsonObject o = new JsonObject();
            o.addProperty("is_training", current != null);
            o.addProperty("status", lastStatus);
            o.addProperty("status_message", lastStatusMessage);
            o.addProperty("run_id", lastRunId);
            o.addProperty("model_name", lastModel);
            o.addProperty("dataset_name", lastDataset);
            o.add("current_epoch", number(lastProgress, "epoch"));
            o.add("current_step", number(lastProgress, "step"));
            o.add("total_epochs", number(lastProgress, "total_epochs"));
            o.add("total_steps", number(lastProgress, "total_steps"));
            o.add("current_loss", orNull(lastProgress, "loss"));
            o.add("current_learning_rate", orNull(lastProgress, "learning_rate"));
            double step = lastProgress.has("step") ? lastProgress.get("step").getAsDouble() : 0;
            double total = lastProgress.has("total_steps") ? lastProgress.get("total_steps").getAsDouble() : 0;
            o.addProperty("progress", total > 0 ? Math.min(1, step / total) : 0);
            o.add("eta_seconds", orNull(lastProgress, "eta_seconds"));
            o.add("audio_seconds_per_second", orNull(lastProgress, "audio_seconds_per_second"));
            o.add("step_time_ms", orNull(lastProgress, "step_time_ms"));
            o.add("step_time_p50_ms", orNull(lastProgress, "step_time_p50_ms"));
            o.add("step_time_p99_ms", orNull(lastProgress, "step_time_p99_ms"));
            o.add("val_loss", lastValidation == null ? null : lastValidation.get("val_loss"));
            o.add("cer", lastValidation == null ? null : lastValidation.get("cer"));
            o.add("last_validation", lastValidation);
            o.addProperty("last_checkpoint", lastCheckpoint);
            JsonArray l = new JsonArray();
            logs.forEach(l::add);
            o.add("latest_logs", l);
            if (lastError != null) {
                o.add("latest_error", lastError);
            }
            o.addProperty("server_time", Instant.now().toString());
            return o;
        }
    }

    private static JsonElement number(JsonObject o, String key) {
        JsonElement e = o.get(key);
        return e == null || e.isJsonNull() ? new com.google.gson.JsonPrimitive(0) : e;
    }

    private static JsonElement orNull(JsonObject o, String key) {
        JsonElement e = o.get(key);
        return e == null ? com.google.gson.JsonNull.INSTANCE : e;
    }

    private void log(String level, String message) {
        JsonObject p = new JsonObject();
        p.addProperty("level", level);
        p.addProperty("message", message);
        remember(p);
        events.accept(WorkerProtocol.LOG, p);
    }

    private void remember(JsonObject logPayload) {
        synchronized (lock) {
            logs.addLast("[" + string(logPayload, "level") + "] " + string(logPayload, "message"));
            while (logs.size() > MAX_LOGS) {
                logs.removeFirst();
            }
        }
    }

    private static String string(JsonObject o, String key) {
        JsonElement e = o.get(key);
        return e == null || e.isJsonNull() ? "" : e.getAsString();
    }

    // ------------------------------------------------------------------ supervision

    private void readStderr(Run run) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(run.process.getErrorStream(), StandardCharsets.UTF_8));
                Writer log = Files.newBufferedWriter(run.folder.resolve("worker.log"), StandardCharsets.UTF_8)) {
            for (String line; (line = r.readLine()) != null;) {
                log.write(line);
                log.write('\n');
                log.flush();
                synchronized (run.stderrTail) {
                    run.stderrTail.addLast(line);
                    while (run.stderrTail.size() > STDERR_TAIL) {
                        run.stderrTail.removeFirst();
                    }
                }
            }
        } catch (IOException e) {
            // the worker went away
        }
    }

    private void supervise(Run run) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(run.process.getInputStream(), StandardCharsets.UTF_8));
                Writer eventsLog = Files.newBufferedWriter(run.folder.resolve("events.jsonl"), StandardCharsets.UTF_8)) {
            for (String line; (line = r.readLine()) != null;) {
                JsonObject message = WorkerProtocol.parse(line);
                if (message == null) {
                    if (!line.isBlank()) {
                        log("INFO", "worker: " + line);
                    }
                    continue;
                }
                eventsLog.write(line.substring(WorkerProtocol.PREFIX.length()));
                eventsLog.write('\n');
                eventsLog.flush();
                handle(run, message.get("type").getAsString(), message.getAsJsonObject("payload"));
            }
        } catch (IOException | RuntimeException e) {
            // fall through to the exit code
        }
        int exit;
        try {
            exit = run.process.waitFor();
            run.stderrReader.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            run.process.destroyForcibly();
            exit = -1;
        }
        finish(run, exit);
    }

    private void handle(Run run, String type, JsonObject payload) {
        switch (type) {
            case WorkerProtocol.PROGRESS -> {
                synchronized (lock) {
                    lastProgress = payload;
                }
                events.accept(type, payload);
            }
            case WorkerProtocol.LOG -> {
                remember(payload);
                events.accept(type, payload);
            }
            case WorkerProtocol.VALIDATION_RESULT -> {
                synchronized (lock) {
                    lastValidation = payload;
                }
                events.accept(type, payload);
            }
            case WorkerProtocol.CHECKPOINT -> {
                synchronized (lock) {
                    lastCheckpoint = string(payload, "name");
                }
                events.accept(type, payload);
            }
            case WorkerProtocol.ERROR -> {
                run.workerError = payload;
                synchronized (lock) {
                    lastError = payload;
                }
                remember(log("ERROR", string(payload, "message"), false));
                events.accept(type, payload);
            }
            case WorkerProtocol.STATUS -> run.finalStatus = string(payload, "status");
            default -> events.accept(type, payload);
        }
    }

    private static JsonObject log(String level, String message, boolean unused) {
        JsonObject p = new JsonObject();
        p.addProperty("level", level);
        p.addProperty("message", message);
        return p;
    }

    private void finish(Run run, int exit) {
        String status;
        String message;
        if (exit == 0 && run.finalStatus != null) {
            status = run.finalStatus;
            message = status.equals("stopped") ? "Training stopped; checkpoint saved." : "Training completed.";
        } else {
            status = "failed";
            message = failureReason(run, exit);
            if (run.workerError == null) {
                JsonObject error = new JsonObject();
                error.addProperty("message", message);
                error.addProperty("traceback", stderrTail(run));
                synchronized (lock) {
                    lastError = error;
                }
                events.accept(WorkerProtocol.ERROR, error);
            }
        }
        JsonObject p = new JsonObject();
        p.addProperty("status", status);
        p.addProperty("message", message);
        p.addProperty("run_id", run.spec.runId());
        p.addProperty("exit_code", exit);
        try {
            Files.writeString(run.folder.resolve("result.json"), JsonMessages.GSON.toJson(p));
        } catch (IOException e) {
            // the run folder is informational
        }
        synchronized (lock) {
            lastStatus = status;
            lastStatusMessage = message;
            current = null;
        }
        remember(log(status.equals("failed") ? "ERROR" : "INFO", message, false));
        events.accept(WorkerProtocol.STATUS, p);
    }

    private String failureReason(Run run, int exit) {
        String tail = stderrTail(run);
        if (tail.contains("OutOfMemoryError") || tail.contains("Terminating due to java.lang.OutOfMemoryError") || exit == 3) {
            return "the training worker ran out of memory (exit code " + exit + "); last checkpoint kept";
        }
        if (exit == 137 || exit == 128 + 9) {
            return "the training worker was killed (SIGKILL; out of memory at the system level, or killed by hand); last checkpoint kept";
        }
        if (exit > 128) {
            return "the training worker died of signal " + (exit - 128) + "; last checkpoint kept";
        }
        if (run.workerError != null) {
            return string(run.workerError, "message");
        }
        if (exit == 0) {
            return "the training worker exited without reporting an outcome";
        }
        return "the training worker exited with code " + exit + (tail.isBlank() ? "" : ": " + lastLine(tail));
    }

    private static String lastLine(String tail) {
        String[] lines = tail.strip().split("\n");
        return lines[lines.length - 1];
    }

    private static String stderrTail(Run run) {
        synchronized (run.stderrTail) {
            return String.join("\n", run.stderrTail);
        }
    }

    /** Stops a run in progress (a checkpoint is saved if the worker can) and waits a while for it. */
    @Override
    public void close() {
        Run run;
        synchronized (lock) {
            run = current;
        }
        if (run == null) {
            return;
        }
        try {
            stop();
            if (!run.process.waitFor(30, TimeUnit.SECONDS)) {
                run.process.destroyForcibly();
            }
            run.supervisor.join(5_000);
        } catch (TrainingException e) {
            // already gone
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            run.process.destroyForcibly();
        }
    }

    Path dataDir() {
        return dataDir;
    }
}
