package dev.hark.engine.ctc.train;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import dev.hark.engine.ctc.model.Checkpoint;
import dev.hark.engine.ctc.model.Lexicon;
import dev.hark.engine.ctc.model.LogMel;
import dev.hark.engine.ctc.model.ModelConfig;
import dev.hark.engine.ctc.model.Vocabulary;
import dev.hark.engine.ctc.model.WeightFile;
import dev.hark.training.run.RunSpec;
import dev.hark.protocol.training.ValidationResult;
import dev.hark.training.run.WorkerProtocol;

/**
 * One training run of the {@code ctc} model inside the worker process: loads the data ({@link TrainingData}), trains
 * with Adam ({@link ResumableAdam}) on the {@link LearningRateSchedule}, validates ({@link Validator}) and
 * checkpoints ({@link CheckpointWriter}) every epoch, reports progress ({@link ProgressReporter}), and on a stop
 * request saves a checkpoint and returns.
 */
final class TrainingRun {

    /** How the run ended. */
    enum Outcome {
        COMPLETED, STOPPED
    }

    private static final float CLIP_GRADIENT = 5f;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final RunSpec spec;
    private final WorkerProtocol out;
    private final BooleanSupplier stopRequested;
    /** Batches whose loss was not finite (no optimizer update), carried across a resume: global step = updates + these. */
    private long skippedSteps;
    private final CheckpointWriter checkpoints;
    /** CPU time of the batch prefetch thread's work so far. */
    private final AtomicLong prefetchCpu = new AtomicLong();
    private final InputBuffers inputBuffers = new InputBuffers();
    private final String trainingStart = Instant.now().toString();

    private TrainingData data;
    private ModelConfig config;
    /** The training transcripts' words when they are few (checkpoints carry them; validation decodes into them). */
    private Lexicon lexicon = Lexicon.EMPTY;

    TrainingRun(RunSpec spec, WorkerProtocol out, BooleanSupplier stopRequested) {
        this.spec = spec;
        this.out = out;
        this.stopRequested = stopRequested;
        this.checkpoints = new CheckpointWriter(spec, out);
    }

    Outcome run() throws Exception {
        checkpoints.removeStaleTemporaries();
        JsonObject resumeState = null;
        Vocabulary vocabulary = null;
        Path resume = spec.resumeFrom() == null ? null : Path.of(spec.resumeFrom());
        if (resume != null) {
            config = Checkpoint.readConfig(resume);
            vocabulary = new Vocabulary(config.vocabulary());
            resumeState = JsonParser.parseString(Files.readString(resume.resolve(Checkpoint.STATE))).getAsJsonObject();
            out.log("INFO", "resuming from " + resume.getFileName() + " (epoch " + resumeState.get("epoch").getAsInt() + ", step "
                    + resumeState.get("global_step").getAsLong() + ")");
        }
        data = TrainingData.load(spec, out, vocabulary);
        if (data.train.isEmpty()) {
            throw new IOException("no usable training utterances in dataset " + spec.datasetName() + " (" + data.skipped() + " skipped)");
        }
        if (config == null) {
            float[][] norm = data.normalization();
            config = ModelConfig.defaults(data.vocabulary().symbols(), norm[0], norm[1]);
        }
        data.encode();
        lexicon = Lexicon.of(data.train.stream().map(u -> u.text).toList());

        Engine engine = Engine.getInstance();
        engine.setRandomSeed((int) spec.seed());
        try (Model model = Model.newInstance(spec.modelName(), engine.getEngineName())) {
            NDManager manager = model.getNDManager();
            CtcNetwork network = new CtcNetwork(config);
            model.setBlock(network);
            network.initialize(manager, DataType.FLOAT32, new Shape(spec.batchSize(), 100, config.melBands()));
            List<Parameter> parameters = network.getParameters().values();
            ResumableAdam adam = new ResumableAdam(parameters, CLIP_GRADIENT);
            int startEpoch = 0;
            int startStepInEpoch = 0;
            long globalStep = 0;
            if (resume != null) {
                try (InputStream in = Files.newInputStream(resume.resolve(Checkpoint.PARAMS))) {
                    network.loadParameters(manager, new DataInputStream(new BufferedInputStream(in)));
                }
                for (Parameter p : parameters) {
                    p.getArray().setRequiresGradient(true); // loaded arrays come without gradients
                }
                try (InputStream in = new BufferedInputStream(Files.newInputStream(resume.resolve(Checkpoint.OPTIMIZER)))) {
                    adam.load(manager, in);
                }
                startEpoch = resumeState.get("epoch").getAsInt();
                startStepInEpoch = resumeState.get("step_in_epoch").getAsInt();
                int batching = resumeState.has("batching") ? resumeState.get("batching").getAsInt() : 1;
                if (startStepInEpoch > 0 && batching != Batches.VERSION) {
                    out.log("WARNING", "the checkpoint was saved in the middle of epoch " + (startEpoch + 1) + " by a version that cut epochs "
                            + "into batches differently: epoch " + (startEpoch + 1) + " starts over");
                    startStepInEpoch = 0;
                }
                globalStep = resumeState.get("global_step").getAsLong();
                skippedSteps = resumeState.has("skipped_steps") ? resumeState.get("skipped_steps").getAsLong() : 0;
            }
            return loop(network, manager, adam, startEpoch, startStepInEpoch, globalStep);
        }
    }

    private Outcome loop(CtcNetwork network, NDManager manager, ResumableAdam adam, int startEpoch, int startStepInEpoch,
            long startGlobalStep) throws Exception {
        long totalSteps = Batches.steps(data.train, spec.batchSize(), spec.seed(), spec.epochs());
        long perEpoch = Math.round((double) totalSteps / spec.epochs());
        LearningRateSchedule schedule = LearningRateSchedule.of(spec.learningRate(), spec.warmupSteps(), totalSteps);
        long globalStep = startGlobalStep;
        ParameterStore store = new ParameterStore(manager, false);
        LogMel mel = new LogMel();
        Validator validator = new Validator(data.validation, data.vocabulary(), lexicon, config, spec.batchSize(), out);
        ProgressReporter progress = new ProgressReporter(out, spec.epochs(), totalSteps, globalStep, System::nanoTime);
        progress.send(startEpoch + 1, globalStep, Double.NaN, Double.NaN, true);
        out.log("INFO", "training " + spec.modelName() + " on " + spec.datasetName() + ": " + spec.epochs() + " epochs of about " + perEpoch
                + " steps (batches of about " + spec.batchSize() + " utterances, " + Batches.frameBudget(data.train, spec.batchSize())
                + " padded frames at most), " + parameterCount(network) + " parameters, " + spec.threads()
                + " intra-op thread(s), oneDNN up to " + java.util.Objects.requireNonNullElse(System.getenv("ONEDNN_MAX_CPU_ISA"), "the CPU's best"));
        double lastLoss = Double.NaN;
        // the next batch's features (augmented) are built on this thread while the current step runs in the engine
        ExecutorService prefetch = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "hark-ctc-batch-prefetch");
            t.setDaemon(true);
            return t;
        });
        try {
            for (int epoch = startEpoch; epoch < spec.epochs(); epoch++) {
                List<List<Utterance>> batches = Batches.ofEpoch(data.train, spec.batchSize(), spec.seed(), epoch);
                int first = epoch == startEpoch ? startStepInEpoch : 0;
                double epochLoss = 0;
                int epochSteps = 0;
                long cpuAtStart = processCpuNanos();
                long threadCpuAtStart = THREADS.getCurrentThreadCpuTime();
                long prefetchCpuAtStart = prefetchCpu.get();
                Future<Batches.Prepared> next = first < batches.size() ? prepare(prefetch, batches.get(first), globalStep) : null;
                for (int i = first; i < batches.size(); i++) {
                    if (stopRequested.getAsBoolean()) {
                        out.log("INFO", "stop requested: saving a checkpoint at epoch " + (epoch + 1) + ", step " + globalStep);
                        saveCheckpoint(network, adam, epoch, i, globalStep, totalSteps, "stopped", null);
                        return Outcome.STOPPED;
                    }
                    if (spec.exhaustMemory()) {
                        exhaustMemory();
                    }
                    if (spec.failAfterSteps() > 0 && globalStep >= spec.failAfterSteps()) {
                        throw new IllegalStateException("failing on purpose after " + globalStep + " steps (fail_after_steps)");
                    }
                    Batches.Prepared batch = take(next);
                    next = i + 1 < batches.size() ? prepare(prefetch, batches.get(i + 1), globalStep + 1) : null;
                    double lr = schedule.at(globalStep);
                    StepEvent event = new StepEvent();
                    boolean recorded = event.isEnabled();
                    long cpuBefore = recorded ? THREADS.getCurrentThreadCpuTime() : 0;
                    long userBefore = recorded ? THREADS.getCurrentThreadUserTime() : 0;
                    event.begin();
                    long began = System.nanoTime();
                    double loss = trainStep(network, manager, store, adam, batch, (float) lr);
                    long took = System.nanoTime() - began;
                    if (event.shouldCommit()) {
                        event.cpuNanos = THREADS.getCurrentThreadCpuTime() - cpuBefore;
                        event.systemNanos = event.cpuNanos - (THREADS.getCurrentThreadUserTime() - userBefore);
                        event.step = globalStep;
                        event.utterances = batch.batch();
                        event.frames = batch.maxFrames();
                        event.loss = loss;
                        event.commit();
                    }
                    globalStep++;
                    epochSteps++;
                    if (Double.isFinite(loss)) {
                        epochLoss += loss;
                        lastLoss = loss;
                    }
                    progress.step(took, batch.seconds());
                    progress.maybeSend(epoch + 1, globalStep, lastLoss, lr);
                }
                progress.cpu(processCpuNanos() - cpuAtStart, THREADS.getCurrentThreadCpuTime() - threadCpuAtStart,
                        prefetchCpu.get() - prefetchCpuAtStart);
                progress.firstEpochDone();
                progress.send(epoch + 1, globalStep, lastLoss, schedule.at(Math.max(0, globalStep - 1)), false);
                ValidationResult validationResult = validator.validate(network, manager, store, epoch + 1, mel);
                out.log("INFO", epochLine(epoch + 1, spec.epochs(), epochSteps == 0 ? Double.NaN : epochLoss / epochSteps, validationResult));
                saveCheckpoint(network, adam, epoch + 1, 0, globalStep, totalSteps,
                        epoch + 1 == spec.epochs() ? "completed" : "running", validationResult);
            }
        } finally {
            prefetch.shutdownNow();
            prefetch.awaitTermination(10, TimeUnit.SECONDS);
        }
        out.log("INFO", progress.summary());
        return Outcome.COMPLETED;
    }

    /** This process's CPU time so far (all threads), 0 where the platform does not say. */
    private static long processCpuNanos() {
        return ProcessHandle.current().info().totalCpuDuration().map(java.time.Duration::toNanos).orElse(0L);
    }

    /**
     * The log line after an epoch. A validation whose losses were all non-finite has a null {@code val_loss}: NaN here
     * (it used to end the run with an UnsupportedOperationException).
     */
    static String epochLine(int epoch, int epochs, double trainLoss, ValidationResult validationResult) {
        return String.format(Locale.ROOT, "epoch %d/%d: train loss %.4f%s", epoch, epochs, trainLoss,
                validationResult == null ? "" : String.format(Locale.ROOT, ", validation loss %.4f, CER %.2f %%",
                        orNaN(validationResult.valLoss()), 100 * orNaN(validationResult.cer())));
    }

    private static double orNaN(Double v) {
        return v == null ? Double.NaN : v;
    }

    private static long parameterCount(CtcNetwork network) {
        long n = 0;
        for (Parameter p : network.getParameters().values()) {
            n += p.getArray().size();
        }
        return n;
    }

    /** Builds a batch's augmented features on the prefetch thread; the augmentation's randomness follows the step. */
    private Future<Batches.Prepared> prepare(ExecutorService prefetch, List<Utterance> batch, long step) {
        LogMel mel = new LogMel();
        Random random = new Random(spec.seed() * 1_000_003L + step);
        return prefetch.submit(() -> {
            long began = THREADS.getCurrentThreadCpuTime();
            try {
                return Batches.prepare(batch, config, mel, random, inputBuffers);
            } finally {
                prefetchCpu.addAndGet(THREADS.getCurrentThreadCpuTime() - began);
            }
        });
    }

    private static Batches.Prepared take(Future<Batches.Prepared> next) throws Exception {
        try {
            return next.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    private double trainStep(CtcNetwork network, NDManager manager, ParameterStore store, ResumableAdam adam, Batches.Prepared batch,
            float lr) throws Exception {
        try (NDManager scope = manager.newSubManager(); GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            // no gc.zeroGradients(): see ResumableAdam.step (each step, taken or skipped, leaves the gradients zero)
            NDArray input = batch.array(scope);
            NDArray logProbs = network.forwardTraining(store, input);
            CtcLoss.OnHost losses = CtcLoss.onHost(logProbs, batch.labels(), batch.outputLengths());
            float value = (float) losses.mean();
            if (!Float.isFinite(value)) {
                skippedSteps++;
                out.log("WARNING", "non-finite loss in a batch: skipped (" + NonFinite.describe(batch, logProbs, losses.losses()) + ")");
                return Double.NaN;
            }
            CtcLoss.backwardOfMean(logProbs, losses, scope); // inside the collector: its gradient mode
            if (!adam.step(lr, scope)) {
                skippedSteps++;
                out.log("WARNING", "non-finite gradient in a batch (loss " + value + "): skipped, the weights kept");
                return Double.NaN;
            }
            return value;
        }
    }

    /**
     * Saves a checkpoint of the model, the optimizer and the position.
     *
     * @param epoch       completed epochs
     * @param stepInEpoch where to continue within the epoch on resume (0 = at its start)
     */
    private void saveCheckpoint(CtcNetwork network, ResumableAdam adam, int epoch, int stepInEpoch, long globalStep, long totalSteps,
            String status, ValidationResult validationResult) throws IOException {
        int number = CheckpointWriter.number(epoch, stepInEpoch);
        CheckpointWriter.Content content = folder -> {
            try (OutputStream o = Files.newOutputStream(folder.resolve(Checkpoint.PARAMS));
                    DataOutputStream params = new DataOutputStream(new BufferedOutputStream(o))) {
                network.saveParameters(params);
            }
            try (OutputStream o = new BufferedOutputStream(Files.newOutputStream(folder.resolve(Checkpoint.OPTIMIZER)))) {
                adam.save(o);
            }
            WeightFile.write(folder.resolve(Checkpoint.WEIGHTS), network.exportWeights());
            Checkpoint.writeConfig(folder, config);
            lexicon.write(folder);
        };
        JsonObject state = CheckpointWriter.state(epoch, stepInEpoch, globalStep, totalSteps, adam.steps(), skippedSteps, spec.seed(),
                spec.runId());
        checkpoints.save(content, state,
                () -> CheckpointMetadata.of(spec, config, trainingStart, data.statistics(), number, globalStep, status, validationResult),
                number, globalStep, status);
    }

    private static final List<byte[]> HOARD = new ArrayList<>();

    /** Testing aid ({@link RunSpec#exhaustMemory()}): fills the heap. */
    private static void exhaustMemory() {
        while (true) {
            HOARD.add(new byte[16 << 20]);
        }
    }
}
