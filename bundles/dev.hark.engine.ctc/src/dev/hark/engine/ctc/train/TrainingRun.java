package dev.hark.engine.ctc.train;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import dev.hark.core.audio.AudioFiles;
import dev.hark.core.audio.BadAudioException;
import dev.hark.core.audio.Resampler;
import dev.hark.protocol.JsonMessages;
import dev.hark.engine.ctc.model.Checkpoint;
import dev.hark.engine.ctc.model.ErrorRate;
import dev.hark.engine.ctc.model.GreedyDecoder;
import dev.hark.engine.ctc.model.LogMel;
import dev.hark.engine.ctc.model.ModelConfig;
import dev.hark.engine.ctc.model.Vocabulary;
import dev.hark.engine.ctc.model.WeightFile;
import dev.hark.training.data.DatasetEntry;
import dev.hark.training.data.DatasetReader;
import dev.hark.training.run.RunSpec;
import dev.hark.training.run.WorkerProtocol;

/**
 * One training run of the {@code ctc} model inside the worker process: loads the dataset, trains with Adam and a
 * warm-up, validates and checkpoints every epoch, reports progress at least once a second, and on a stop request
 * saves a checkpoint and returns.
 */
final class TrainingRun {

    /** How the run ended. */
    enum Outcome {
        COMPLETED, STOPPED
    }

    private static final long PROGRESS_INTERVAL_NANOS = 1_000_000_000L;
    private static final float CLIP_GRADIENT = 5f;

    private final RunSpec spec;
    private final WorkerProtocol out;
    private final BooleanSupplier stopRequested;
    private final Path checkpoints;
    private final String trainingStart = Instant.now().toString();

    private List<Utterance> train = new ArrayList<>();
    private List<Utterance> validation = new ArrayList<>();
    private Vocabulary vocabulary;
    private ModelConfig config;
    private long cachedBytes;
    private int skipped;
    private int totalEntries;

    TrainingRun(RunSpec spec, WorkerProtocol out, BooleanSupplier stopRequested) {
        this.spec = spec;
        this.out = out;
        this.stopRequested = stopRequested;
        this.checkpoints = Path.of(spec.checkpointsDir());
    }

    Outcome run() throws Exception {
        removeStaleTemporaries();
        JsonObject resumeState = null;
        Path resume = spec.resumeFrom() == null ? null : Path.of(spec.resumeFrom());
        if (resume != null) {
            config = Checkpoint.readConfig(resume);
            vocabulary = new Vocabulary(config.vocabulary());
            resumeState = JsonParser.parseString(Files.readString(resume.resolve(Checkpoint.STATE))).getAsJsonObject();
            out.log("INFO", "resuming from " + resume.getFileName() + " (epoch " + resumeState.get("epoch").getAsInt() + ", step "
                    + resumeState.get("global_step").getAsLong() + ")");
        }
        loadData();
        if (train.isEmpty()) {
            throw new IOException("no usable training utterances in dataset " + spec.datasetName() + " (" + skipped + " skipped)");
        }
        if (config == null) {
            float[][] norm = normalization(train);
            config = ModelConfig.defaults(vocabulary.symbols(), norm[0], norm[1]);
        }
        for (Utterance u : train) {
            u.labels = vocabulary.encode(u.text);
        }
        for (Utterance u : validation) {
            u.labels = vocabulary.encode(u.text);
        }
        train.removeIf(u -> !trainable(u));
        validation.removeIf(u -> !trainable(u));

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
                    network.loadParameters(manager, new DataInputStream(new java.io.BufferedInputStream(in)));
                }
                for (Parameter p : parameters) {
                    p.getArray().setRequiresGradient(true); // loaded arrays come without gradients
                }
                try (InputStream in = new java.io.BufferedInputStream(Files.newInputStream(resume.resolve(Checkpoint.OPTIMIZER)))) {
                    adam.load(manager, in);
                }
                startEpoch = resumeState.get("epoch").getAsInt();
                startStepInEpoch = resumeState.get("step_in_epoch").getAsInt();
                globalStep = resumeState.get("global_step").getAsLong();
            }
            return loop(network, manager, adam, startEpoch, startStepInEpoch, globalStep);
        }
    }

    private boolean trainable(Utterance u) {
        if (u.labels.length == 0) {
            skipped++;
            out.log("WARNING", "skipped " + u.entry.id() + ": no transcript characters in the vocabulary");
            return false;
        }
        int needed = u.labels.length;
        for (int i = 1; i < u.labels.length; i++) {
            if (u.labels[i] == u.labels[i - 1]) {
                needed++;
            }
        }
        if (ModelConfig.outputFrames(u.frames) < needed) {
            skipped++;
            out.log("WARNING", "skipped " + u.entry.id() + ": " + u.seconds + " s of audio is too short for its transcript");
            return false;
        }
        return true;
    }

    // ---------------------------------------------------------------- data

    private void loadData() throws IOException {
        DatasetReader.Contents contents = DatasetReader.read(Path.of(spec.datasetPath()));
        skipped += contents.skipped();
        for (String p : contents.problems()) {
            out.log("WARNING", "skipped entry: " + p);
        }
        List<DatasetEntry> entries = new ArrayList<>(contents.entries());
        totalEntries = entries.size() + contents.skipped();
        Collections.shuffle(entries, new Random(spec.seed()));
        if (spec.limitSamples() > 0 && entries.size() > spec.limitSamples()) {
            entries = entries.subList(0, spec.limitSamples());
        }
        int validationCount = entries.size() < 2 || spec.validationSplit() <= 0 ? 0
                : Math.max(1, (int) Math.round(entries.size() * spec.validationSplit()));
        List<DatasetEntry> valEntries = entries.subList(0, validationCount);
        List<DatasetEntry> trainEntries = entries.subList(validationCount, entries.size());
        out.log("INFO", "dataset " + spec.datasetName() + " (" + contents.layout().id() + "): " + trainEntries.size() + " training and "
                + valEntries.size() + " validation utterances" + (contents.skipped() > 0 ? ", " + contents.skipped() + " entries skipped" : ""));
        long budget = (long) spec.featureCacheMb() << 20;
        LogMel mel = new LogMel();
        int done = 0;
        long lastReport = System.nanoTime();
        List<String> texts = new ArrayList<>();
        for (int pass = 0; pass < 2; pass++) {
            List<DatasetEntry> list = pass == 0 ? trainEntries : valEntries;
            for (DatasetEntry e : list) {
                Utterance u = load(e, mel, budget);
                done++;
                if (u != null) {
                    (pass == 0 ? train : validation).add(u);
                    if (pass == 0) {
                        texts.add(u.text);
                    }
                }
                if (System.nanoTime() - lastReport > PROGRESS_INTERVAL_NANOS) {
                    lastReport = System.nanoTime();
                    out.log("INFO", "loading audio: " + done + " of " + entries.size());
                }
            }
        }
        if (vocabulary == null) {
            vocabulary = Vocabulary.of(texts);
        }
        out.log("INFO", "loaded " + train.size() + " training and " + validation.size() + " validation utterances, "
                + String.format(java.util.Locale.ROOT, "%.1f", train.stream().mapToDouble(u -> u.seconds).sum() / 60)
                + " min of training audio; vocabulary of " + vocabulary.symbols().size() + " characters; " + skipped
                + " entries skipped");
    }

    /** Reads and featurizes one entry; null (counted and reported) when its audio is unusable. */
    private Utterance load(DatasetEntry e, LogMel mel, long budget) {
        try {
            float[] samples = audio(e);
            float[][] features = mel.compute(samples);
            if (features.length < 8) {
                throw new BadAudioException("shorter than 0.1 s");
            }
            String text = Vocabulary.normalize(e.text());
            if (text.isEmpty()) {
                throw new IOException("empty transcript after normalization");
            }
            long bytes = (long) features.length * LogMel.BANDS * 4;
            boolean keep = cachedBytes + bytes <= budget;
            if (keep) {
                cachedBytes += bytes;
            }
            return new Utterance(e, text, features.length, (double) samples.length / LogMel.SAMPLE_RATE, keep ? features : null);
        } catch (IOException | BadAudioException | RuntimeException ex) {
            skipped++;
            out.log("WARNING", "skipped " + e.id() + " (" + e.audio().getFileName() + "): " + ex.getMessage());
            return null;
        }
    }

    static float[] audio(DatasetEntry e) throws IOException, BadAudioException {
        AudioFiles.Mono audio = AudioFiles.read(e.audio());
        float[] samples = audio.samples();
        if (audio.sampleRate() != LogMel.SAMPLE_RATE) {
            Resampler r = new Resampler(audio.sampleRate(), LogMel.SAMPLE_RATE);
            float[] head = r.process(samples, 0, samples.length);
            float[] tail = r.flush();
            samples = new float[head.length + tail.length];
            System.arraycopy(head, 0, samples, 0, head.length);
            System.arraycopy(tail, 0, samples, head.length, tail.length);
        }
        for (float s : samples) {
            if (!Float.isFinite(s)) {
                throw new BadAudioException("samples are not finite");
            }
        }
        return samples;
    }

    private float[][] features(Utterance u, LogMel mel) throws IOException, BadAudioException {
        return u.features != null ? u.features : mel.compute(audio(u.entry));
    }

    /** Per-band mean and standard deviation over (up to 500 of) the training utterances. */
    private float[][] normalization(List<Utterance> list) throws IOException, BadAudioException {
        int bands = LogMel.BANDS;
        double[] sum = new double[bands], sq = new double[bands];
        long n = 0;
        LogMel mel = new LogMel();
        for (Utterance u : list.subList(0, Math.min(500, list.size()))) {
            for (float[] f : features(u, mel)) {
                for (int b = 0; b < bands; b++) {
                    sum[b] += f[b];
                    sq[b] += (double) f[b] * f[b];
                }
                n++;
            }
        }
        float[] mean = new float[bands], std = new float[bands];
        for (int b = 0; b < bands; b++) {
            double m = sum[b] / n;
            mean[b] = (float) m;
            std[b] = (float) Math.sqrt(Math.max(1e-6, sq[b] / n - m * m));
        }
        return new float[][] { mean, std };
    }

    // ---------------------------------------------------------------- training

    /** The batches of one epoch: shuffled with the epoch's seed, similar lengths grouped to save padding. */
    private List<List<Utterance>> batches(int epoch) {
        List<Utterance> order = new ArrayList<>(train);
        Random random = new Random(spec.seed() * 1_000_003L + epoch);
        Collections.shuffle(order, random);
        int group = spec.batchSize() * 16;
        List<List<Utterance>> batches = new ArrayList<>();
        for (int g = 0; g < order.size(); g += group) {
            List<Utterance> chunk = new ArrayList<>(order.subList(g, Math.min(order.size(), g + group)));
            chunk.sort(Comparator.comparingInt(u -> u.frames));
            for (int b = 0; b < chunk.size(); b += spec.batchSize()) {
                batches.add(chunk.subList(b, Math.min(chunk.size(), b + spec.batchSize())));
            }
        }
        Collections.shuffle(batches, random);
        return batches;
    }

    private int stepsPerEpoch() {
        return batches(0).size();
    }

    private double learningRate(long step, long totalSteps) {
        long warmup = spec.warmupSteps() >= 0 ? spec.warmupSteps() : Math.min(200, Math.max(1, totalSteps / 10));
        if (warmup > 0 && step < warmup) {
            return spec.learningRate() * (step + 1) / warmup;
        }
        double progress = totalSteps <= warmup ? 1 : (double) (step - warmup) / Math.max(1, totalSteps - warmup);
        double cosine = 0.5 * (1 + Math.cos(Math.PI * Math.min(1, progress)));
        return spec.learningRate() * (0.1 + 0.9 * cosine);
    }

    private Outcome loop(CtcNetwork network, NDManager manager, ResumableAdam adam, int startEpoch, int startStepInEpoch,
            long startGlobalStep) throws Exception {
        int perEpoch = stepsPerEpoch();
        long totalSteps = (long) perEpoch * spec.epochs();
        long globalStep = startGlobalStep;
        ParameterStore store = new ParameterStore(manager, false);
        LogMel mel = new LogMel();
        Progress progress = new Progress(totalSteps, globalStep);
        progress.send(startEpoch + 1, globalStep, Double.NaN, Double.NaN, true);
        out.log("INFO", "training " + spec.modelName() + " on " + spec.datasetName() + ": " + spec.epochs() + " epochs of " + perEpoch
                + " steps (batch " + spec.batchSize() + "), " + parameterCount(network) + " parameters, " + spec.threads()
                + " intra-op thread(s)");
        double lastLoss = Double.NaN;
        for (int epoch = startEpoch; epoch < spec.epochs(); epoch++) {
            List<List<Utterance>> batches = batches(epoch);
            int first = epoch == startEpoch ? startStepInEpoch : 0;
            double epochLoss = 0;
            int epochSteps = 0;
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
                List<Utterance> batch = batches.get(i);
                double lr = learningRate(globalStep, totalSteps);
                long began = System.nanoTime();
                double loss = trainStep(network, manager, store, adam, batch, (float) lr, mel);
                long took = System.nanoTime() - began;
                globalStep++;
                epochSteps++;
                if (Double.isFinite(loss)) {
                    epochLoss += loss;
                    lastLoss = loss;
                }
                progress.step(took, batch.stream().mapToDouble(u -> u.seconds).sum());
                progress.maybeSend(epoch + 1, globalStep, lastLoss, lr);
            }
            progress.send(epoch + 1, globalStep, lastLoss, learningRate(Math.max(0, globalStep - 1), totalSteps), false);
            JsonObject validationResult = validate(network, manager, store, epoch + 1, mel);
            out.log("INFO", String.format(java.util.Locale.ROOT, "epoch %d/%d: train loss %.4f%s", epoch + 1, spec.epochs(),
                    epochSteps == 0 ? Double.NaN : epochLoss / epochSteps,
                    validationResult == null ? "" : String.format(java.util.Locale.ROOT, ", validation loss %.4f, CER %.2f %%",
                            validationResult.get("val_loss").getAsDouble(), 100 * validationResult.get("cer").getAsDouble())));
            saveCheckpoint(network, adam, epoch + 1, 0, globalStep, totalSteps, epoch + 1 == spec.epochs() ? "completed" : "running",
                    validationResult);
        }
        return Outcome.COMPLETED;
    }

    private static long parameterCount(CtcNetwork network) {
        long n = 0;
        for (Parameter p : network.getParameters().values()) {
            n += p.getArray().size();
        }
        return n;
    }

    private double trainStep(CtcNetwork network, NDManager manager, ParameterStore store, ResumableAdam adam, List<Utterance> batch,
            float lr, LogMel mel) throws Exception {
        try (NDManager scope = manager.newSubManager(); GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            gc.zeroGradients();
            NDArray input = inputs(scope, batch, mel);
            NDArray logProbs = network.forward(store, new NDList(input), true).head();
            NDArray losses = CtcLoss.perUtterance(logProbs, labels(batch), outputLengths(batch));
            NDArray loss = losses.mean();
            float value = loss.getFloat();
            if (!Float.isFinite(value)) {
                out.log("WARNING", "non-finite loss in a batch: skipped");
                return Double.NaN;
            }
            gc.backward(loss);
            adam.step(lr);
            return value;
        }
    }

    private NDArray inputs(NDManager scope, List<Utterance> batch, LogMel mel) throws IOException, BadAudioException {
        int maxFrames = 0;
        for (Utterance u : batch) {
            maxFrames = Math.max(maxFrames, u.frames);
        }
        int bands = config.melBands();
        float[] data = new float[batch.size() * maxFrames * bands];
        float[] mean = config.featureMean(), std = config.featureStd();
        for (int b = 0; b < batch.size(); b++) {
            float[][] f = features(batch.get(b), mel);
            for (int t = 0; t < f.length; t++) {
                int base = (b * maxFrames + t) * bands;
                for (int k = 0; k < bands; k++) {
                    data[base + k] = (f[t][k] - mean[k]) / std[k];
                }
            }
        }
        return scope.create(data, new Shape(batch.size(), maxFrames, bands));
    }

    private static int[][] labels(List<Utterance> batch) {
        int[][] l = new int[batch.size()][];
        for (int i = 0; i < l.length; i++) {
            l[i] = batch.get(i).labels;
        }
        return l;
    }

    private static int[] outputLengths(List<Utterance> batch) {
        int[] n = new int[batch.size()];
        for (int i = 0; i < n.length; i++) {
            n[i] = ModelConfig.outputFrames(batch.get(i).frames);
        }
        return n;
    }

    /** Validation loss and character error rate (greedy decoding); null without a validation set. */
    private JsonObject validate(CtcNetwork network, NDManager manager, ParameterStore store, int epoch, LogMel mel) throws Exception {
        if (validation.isEmpty()) {
            return null;
        }
        double lossSum = 0;
        int lossCount = 0;
        long edits = 0, chars = 0, wordEdits = 0, words = 0;
        List<Utterance> sorted = new ArrayList<>(validation);
        sorted.sort(Comparator.comparingInt(u -> u.frames));
        JsonArray samples = new JsonArray();
        for (int i = 0; i < sorted.size(); i += spec.batchSize()) {
            List<Utterance> batch = sorted.subList(i, Math.min(sorted.size(), i + spec.batchSize()));
            try (NDManager scope = manager.newSubManager()) {
                NDArray logProbs = network.forward(store, new NDList(inputs(scope, batch, mel)), false).head();
                float[] losses = CtcLoss.perUtterance(logProbs, labels(batch), outputLengths(batch)).toFloatArray();
                for (float l : losses) {
                    if (Float.isFinite(l)) {
                        lossSum += l;
                        lossCount++;
                    }
                }
                long frames = logProbs.getShape().get(1), classes = logProbs.getShape().get(2);
                float[] all = logProbs.toFloatArray();
                int[] lengths = outputLengths(batch);
                for (int b = 0; b < batch.size(); b++) {
                    float[][] scores = new float[lengths[b]][(int) classes];
                    for (int t = 0; t < lengths[b]; t++) {
                        System.arraycopy(all, (int) ((b * frames + t) * classes), scores[t], 0, (int) classes);
                    }
                    String hyp = GreedyDecoder.decode(vocabulary, scores, lengths[b]);
                    String ref = batch.get(b).text;
                    edits += ErrorRate.characterEdits(ref, hyp);
                    chars += ref.codePointCount(0, ref.length());
                    wordEdits += ErrorRate.wordEdits(ref, hyp);
                    words += ref.isBlank() ? 0 : ref.strip().split("\\s+").length;
                    if (samples.size() < 3) {
                        JsonObject s = new JsonObject();
                        s.addProperty("reference", ref);
                        s.addProperty("hypothesis", hyp);
                        samples.add(s);
                    }
                }
            }
        }
        JsonObject p = new JsonObject();
        p.addProperty("epoch", epoch);
        p.addProperty("val_loss", lossCount == 0 ? null : round(lossSum / lossCount, 5));
        p.addProperty("cer", chars == 0 ? null : round((double) edits / chars, 5));
        p.addProperty("wer", words == 0 ? null : round((double) wordEdits / words, 5));
        p.addProperty("validation_samples", validation.size());
        p.add("examples", samples);
        out.send(WorkerProtocol.VALIDATION_RESULT, p);
        return p;
    }

    private static Double round(double v, int digits) {
        double f = Math.pow(10, digits);
        return Math.round(v * f) / f;
    }

    private static final List<byte[]> HOARD = new ArrayList<>();

    private static void exhaustMemory() {
        while (true) {
            HOARD.add(new byte[16 << 20]);
        }
    }

    // ---------------------------------------------------------------- checkpoints

    /**
     * Writes {@code {model}-{dataset}-epoch-{epochNumber}} (to a temporary folder first, then moved into place),
     * points the latest pointer at it and prunes older ones beyond the retention count.
     *
     * @param epoch       completed epochs; when stopped mid-epoch, the epoch in progress is {@code epoch + 1}...
     *                    the folder is named after the epoch the weights belong to
     * @param stepInEpoch where to continue within the epoch on resume (0 = at its start)
     */
    private void saveCheckpoint(CtcNetwork network, ResumableAdam adam, int epoch, int stepInEpoch, long globalStep, long totalSteps,
            String status, JsonObject validationResult) throws IOException {
        int number = stepInEpoch > 0 ? epoch + 1 : Math.max(epoch, 1);
        String name = Checkpoint.folderName(spec.modelName(), spec.datasetName(), number);
        Files.createDirectories(checkpoints);
        Path tmp = Files.createTempDirectory(checkpoints, "." + name + ".tmp-");
        try (OutputStream o = Files.newOutputStream(tmp.resolve(Checkpoint.PARAMS));
                DataOutputStream data = new DataOutputStream(new java.io.BufferedOutputStream(o))) {
            network.saveParameters(data);
        }
        try (OutputStream o = new java.io.BufferedOutputStream(Files.newOutputStream(tmp.resolve(Checkpoint.OPTIMIZER)))) {
            adam.save(o);
        }
        WeightFile.write(tmp.resolve(Checkpoint.WEIGHTS), network.exportWeights());
        Checkpoint.writeConfig(tmp, config);
        JsonObject state = new JsonObject();
        state.addProperty("epoch", epoch);
        state.addProperty("step_in_epoch", stepInEpoch);
        state.addProperty("global_step", globalStep);
        state.addProperty("total_steps", totalSteps);
        state.addProperty("optimizer_steps", adam.steps());
        state.addProperty("seed", spec.seed());
        state.addProperty("run_id", spec.runId());
        Files.writeString(tmp.resolve(Checkpoint.STATE), JsonMessages.GSON.toJson(state));
        Files.writeString(tmp.resolve(Checkpoint.METADATA), JsonMessages.GSON.toJson(metadata(number, globalStep, status, validationResult)));
        Path target = checkpoints.resolve(name);
        if (Files.exists(target)) {
            deleteTree(target);
        }
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        Path pointerTmp = checkpoints.resolve("." + Checkpoint.latestPointer(spec.modelName(), spec.datasetName()) + ".tmp");
        Files.writeString(pointerTmp, name + "\n");
        Files.move(pointerTmp, checkpoints.resolve(Checkpoint.latestPointer(spec.modelName(), spec.datasetName())),
                StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        prune(name);
        JsonObject p = new JsonObject();
        p.addProperty("name", name);
        p.addProperty("epoch", number);
        p.addProperty("global_step", globalStep);
        p.addProperty("path", target.toString());
        p.addProperty("status", status);
        out.send(WorkerProtocol.CHECKPOINT, p);
        out.log("INFO", "saved checkpoint " + name);
    }

    private JsonObject metadata(int epoch, long globalStep, String status, JsonObject validationResult) {
        JsonObject m = new JsonObject();
        m.addProperty("model_name", spec.modelName());
        m.addProperty("dataset_name", spec.datasetName());
        m.addProperty("training_start_time", trainingStart);
        JsonObject params = new JsonObject();
        params.addProperty("epochs", spec.epochs());
        params.addProperty("batch_size", spec.batchSize());
        params.addProperty("learning_rate", spec.learningRate());
        params.addProperty("optimizer", "adam");
        params.addProperty("scheduler", "linear warm-up, cosine decay to 10 %");
        params.addProperty("warmup_steps", spec.warmupSteps());
        params.addProperty("device", "cpu");
        params.addProperty("limit_samples", spec.limitSamples());
        params.addProperty("threads", spec.threads());
        m.add("training_params", params);
        JsonObject model = new JsonObject();
        model.addProperty("architecture", config.architecture());
        model.addProperty("mel_bands", config.melBands());
        model.addProperty("conv_channels", config.convChannels());
        model.addProperty("kernel", config.kernel());
        model.addProperty("lstm_hidden", config.lstmHidden());
        model.addProperty("vocabulary_size", config.vocabulary().size());
        m.add("model_config", model);
        JsonObject dataset = new JsonObject();
        dataset.addProperty("path", spec.datasetPath());
        dataset.addProperty("sample_rate", LogMel.SAMPLE_RATE);
        dataset.addProperty("skipped_entries", skipped);
        m.add("dataset_config", dataset);
        JsonObject training = new JsonObject();
        training.addProperty("validation_split", spec.validationSplit());
        training.addProperty("seed", spec.seed());
        training.addProperty("keep_checkpoints", spec.keepCheckpoints());
        m.add("training_config", training);
        JsonObject stats = new JsonObject();
        int total = train.size() + validation.size();
        stats.addProperty("train_samples", train.size());
        stats.addProperty("validation_samples", validation.size());
        stats.addProperty("total_samples", total);
        stats.addProperty("train_ratio", total == 0 ? 0 : round((double) train.size() / total, 4));
        stats.addProperty("validation_ratio", total == 0 ? 0 : round((double) validation.size() / total, 4));
        stats.addProperty("skipped_samples", skipped);
        stats.addProperty("dataset_entries", totalEntries);
        m.add("dataset_statistics", stats);
        m.addProperty("current_epoch", epoch);
        m.addProperty("global_step", globalStep);
        m.addProperty("last_checkpoint_time", Instant.now().toString());
        m.addProperty("training_status", status);
        if (!status.equals("running")) {
            m.addProperty("training_end_time", Instant.now().toString());
        }
        if (validationResult != null) {
            m.add("val_loss", validationResult.get("val_loss"));
            m.add("cer", validationResult.get("cer"));
            m.add("wer", validationResult.get("wer"));
        }
        return m;
    }

    private void prune(String keep) throws IOException {
        if (spec.keepCheckpoints() <= 0) {
            return;
        }
        Pattern p = Pattern.compile(Pattern.quote(spec.modelName() + "-" + spec.datasetName()) + "-epoch-(\\d+)");
        List<Path> mine = new ArrayList<>();
        try (Stream<Path> list = Files.list(checkpoints)) {
            list.filter(Files::isDirectory).forEach(d -> {
                if (p.matcher(d.getFileName().toString()).matches()) {
                    mine.add(d);
                }
            });
        }
        mine.sort(Comparator.comparingInt(d -> {
            Matcher m = p.matcher(d.getFileName().toString());
            m.matches();
            return Integer.parseInt(m.group(1));
        }));
        for (int i = 0; i < mine.size() - spec.keepCheckpoints(); i++) {
            if (!mine.get(i).getFileName().toString().equals(keep)) {
                deleteTree(mine.get(i));
                out.log("INFO", "removed old checkpoint " + mine.get(i).getFileName() + " (keeping the last " + spec.keepCheckpoints() + ")");
            }
        }
    }

    /** Half-written checkpoint folders of a worker that was killed while saving. */
    private void removeStaleTemporaries() {
        if (!Files.isDirectory(checkpoints)) {
            return;
        }
        try (Stream<Path> list = Files.list(checkpoints)) {
            for (Path p : list.filter(d -> d.getFileName().toString().startsWith(".") && d.getFileName().toString().contains(".tmp-"))
                    .toList()) {
                deleteTree(p);
                out.log("INFO", "removed a half-written checkpoint folder " + p.getFileName());
            }
        } catch (IOException e) {
            out.log("WARNING", "could not clean " + checkpoints + ": " + e.getMessage());
        }
    }

    static void deleteTree(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    // ---------------------------------------------------------------- progress

    /** Progress messages: at least once a second, with throughput and an ETA from the mean step time. */
    private final class Progress {
        private final long totalSteps;
        private final long firstStep;
        private long lastSent = System.nanoTime();
        private long trainNanos;
        private double audioSeconds;
        private long steps;
        /** Recent step times in milliseconds, for percentiles (a ring of the last 2000). */
        private final double[] recent = new double[2000];

        Progress(long totalSteps, long firstStep) {
            this.totalSteps = totalSteps;
            this.firstStep = firstStep;
        }

        void step(long nanos, double seconds) {
            trainNanos += nanos;
            audioSeconds += seconds;
            recent[(int) (steps % recent.length)] = nanos / 1e6;
            steps++;
        }

        void maybeSend(int epoch, long step, double loss, double lr) {
            if (System.nanoTime() - lastSent >= PROGRESS_INTERVAL_NANOS / 2) {
                send(epoch, step, loss, lr, false);
            }
        }

        void send(int epoch, long step, double loss, double lr, boolean initial) {
            lastSent = System.nanoTime();
            JsonObject p = new JsonObject();
            p.addProperty("epoch", Math.min(epoch, spec.epochs()));
            p.addProperty("total_epochs", spec.epochs());
            p.addProperty("step", step);
            p.addProperty("total_steps", totalSteps);
            p.addProperty("loss", initial || !Double.isFinite(loss) ? null : round(loss, 5));
            p.addProperty("learning_rate", initial || !Double.isFinite(lr) ? null : lr);
            double seconds = trainNanos / 1e9;
            p.addProperty("audio_seconds_per_second", seconds > 0 ? round(audioSeconds / seconds, 1) : null);
            p.addProperty("step_time_ms", steps > 0 ? round(seconds * 1000 / steps, 2) : null);
            double[] sorted = java.util.Arrays.copyOf(recent, (int) Math.min(steps, recent.length));
            java.util.Arrays.sort(sorted);
            p.addProperty("step_time_p50_ms", sorted.length > 0 ? round(sorted[sorted.length / 2], 2) : null);
            p.addProperty("step_time_p99_ms", sorted.length > 0 ? round(sorted[Math.min(sorted.length - 1, (int) (sorted.length * 0.99))], 2) : null);
            p.addProperty("eta_seconds", steps > 0 ? round((totalSteps - step) * seconds / steps, 1) : null);
            p.addProperty("steps_this_run", step - firstStep);
            out.send(WorkerProtocol.PROGRESS, p);
        }
    }
}
