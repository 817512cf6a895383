package dev.hark.engine.ctc.train;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.hark.core.audio.BadAudioException;
import dev.hark.engine.ctc.model.LogMel;
import dev.hark.engine.ctc.model.ModelConfig;

/** Utterances grouped into batches, and a batch as the network's inputs and the loss's labels and lengths. */
final class Batches {

    /**
     * How {@link #ofEpoch} cuts an epoch, saved with a checkpoint ({@code batching} in its state): a checkpoint's
     * {@code step_in_epoch} is an index into that epoch's batches, so one saved mid-epoch by another way of cutting
     * (absent: batches of {@code batchSize} utterances each, before 2026-11-28) resumes at the start of its epoch.
     */
    static final int VERSION = 2;

    /** Utterances sorted by length together: this many batches' worth. */
    static final int GROUP_BATCHES = 16;
    /**
     * A training batch's input frames are padded up to a multiple of this: few distinct input shapes, so that the
     * engine makes its kernels for each shape (oneDNN's primitives) once rather than at almost every step. The
     * network is causal and the loss reads only each utterance's own frames, so the padding changes no result.
     */
    static final int FRAME_QUANTUM = 16;
    /** A batch holds at most this many times the batch size (of the shortest utterances). */
    static final int MAX_BATCH_FACTOR = 4;

    private Batches() {
    }

    /**
     * The batches of one epoch: shuffled with the epoch's seed, similar lengths grouped (within groups of
     * {@link #GROUP_BATCHES} times {@code batchSize} utterances) to save padding, the batches shuffled again.
     * <p>
     * A batch is filled up to a budget of padded frames ({@link #frameBudget}: {@code batchSize} utterances of the
     * mean length) rather than to a count: a step's time grows with the frames it trains on, so batches of short
     * utterances hold more of them and batches of long ones fewer, and every step takes about as long (a batch of
     * eight of the longest took four times the median step; see docs/benchmarks.md). On average a batch holds about
     * {@code batchSize} utterances; an utterance longer than the budget makes a batch of its own.
     */
    static List<List<Utterance>> ofEpoch(List<Utterance> train, int batchSize, long seed, int epoch) {
        long budget = frameBudget(train, batchSize);
        int most = batchSize * MAX_BATCH_FACTOR;
        List<Utterance> order = new ArrayList<>(train);
        Random random = new Random(seed * 1_000_003L + epoch);
        Collections.shuffle(order, random);
        int group = batchSize * GROUP_BATCHES;
        List<List<Utterance>> batches = new ArrayList<>();
        List<Utterance> carried = List.of();
        for (int g = 0; g < order.size(); g += group) {
            List<Utterance> chunk = new ArrayList<>(carried);
            chunk.addAll(order.subList(g, Math.min(order.size(), g + group)));
            chunk.sort(Comparator.comparingInt(u -> u.frames));
            int start = 0;
            for (int i = 0; i < chunk.size(); i++) {
                // sorted: the utterance joining is the batch's longest
                boolean fits = (long) (i + 1 - start) * padded(chunk.get(i).frames) <= budget && i - start < most;
                if (!fits && i > start) {
                    batches.add(chunk.subList(start, i));
                    start = i;
                }
            }
            // the group's last batch, not full, goes on with the next group: a partial batch of random size and
            // length is a new input shape, and the engine builds its kernels for each new shape (a slow step)
            carried = chunk.subList(start, chunk.size());
        }
        if (!carried.isEmpty()) {
            batches.add(carried);
        }
        Collections.shuffle(batches, random);
        return batches;
    }

    /** The steps of epochs {@code 0 .. epochs - 1} (batches per epoch vary a little with the grouping). */
    static long steps(List<Utterance> train, int batchSize, long seed, int epochs) {
        long steps = 0;
        for (int epoch = 0; epoch < epochs; epoch++) {
            steps += ofEpoch(train, batchSize, seed, epoch).size();
        }
        return steps;
    }

    /** Padded frames a training batch may hold: {@code batchSize} utterances of the training set's mean length. */
    static long frameBudget(List<Utterance> train, int batchSize) {
        double mean = train.stream().mapToInt(u -> u.frames).average().orElse(1);
        return (long) batchSize * padded((int) Math.ceil(mean));
    }

    /** {@code frames} rounded up to a multiple of {@link #FRAME_QUANTUM}. */
    static int padded(int frames) {
        return (frames + FRAME_QUANTUM - 1) / FRAME_QUANTUM * FRAME_QUANTUM;
    }

    /** Validation batches: all utterances by length, in order. */
    static List<List<Utterance>> sorted(List<Utterance> utterances, int batchSize) {
        List<Utterance> sorted = new ArrayList<>(utterances);
        sorted.sort(Comparator.comparingInt(u -> u.frames));
        List<List<Utterance>> batches = new ArrayList<>();
        for (int i = 0; i < sorted.size(); i += batchSize) {
            batches.add(sorted.subList(i, Math.min(sorted.size(), i + batchSize)));
        }
        return batches;
    }

    /** Normalized features {@code (B, T, bands)}, zero-padded to the longest utterance. */
    static NDArray inputs(NDManager scope, List<Utterance> batch, ModelConfig config, LogMel mel) throws IOException, BadAudioException {
        int maxFrames = 0;
        for (Utterance u : batch) {
            maxFrames = Math.max(maxFrames, u.frames);
        }
        int bands = config.melBands();
        float[] data = new float[batch.size() * maxFrames * bands];
        float[] mean = config.featureMean(), std = config.featureStd();
        for (int b = 0; b < batch.size(); b++) {
            float[][] f = TrainingData.features(batch.get(b), mel);
            for (int t = 0; t < f.length; t++) {
                int base = (b * maxFrames + t) * bands;
                for (int k = 0; k < bands; k++) {
                    data[base + k] = (f[t][k] - mean[k]) / std[k];
                }
            }
        }
        return scope.create(data, new Shape(batch.size(), maxFrames, bands));
    }

    /**
     * A training batch ready for the network: normalized (and, when {@code random} is given, augmented) features laid
     * out as the first convolution reads them ({@link CtcNetwork#convolutionInput}; {@code maxFrames} a multiple of
     * {@link #FRAME_QUANTUM}), the valid output frames and the labels. Built on the prefetch thread while the previous
     * step runs.
     */
    record Prepared(float[] features, int batch, int maxFrames, Shape shape, int[] outputLengths, int[][] labels, double seconds,
            java.nio.ByteBuffer direct) {

        /** The input as an array of {@code scope}, over {@link #direct} (no copy). */
        NDArray array(NDManager scope) {
            return scope.create(direct, shape, ai.djl.ndarray.types.DataType.FLOAT32);
        }
    }

    /** {@code buffers}: where to put the input for the step. */
    static Prepared prepare(List<Utterance> batch, ModelConfig config, LogMel mel, Random random, InputBuffers buffers)
            throws IOException, BadAudioException {
        float[] mean = config.featureMean(), std = config.featureStd();
        float[][][] each = new float[batch.size()][][];
        int maxFrames = 0;
        for (int b = 0; b < batch.size(); b++) {
            Utterance u = batch.get(b);
            float[][] raw = TrainingData.features(u, mel);
            int needed = 1 + (TrainingData.minimumFrames(u.labels) - 1) * ModelConfig.SUBSAMPLING;
            each[b] = random == null ? normalized(raw, mean, std) : Augmentation.apply(raw, mean, std, needed, random);
            maxFrames = Math.max(maxFrames, each[b].length);
        }
        maxFrames = padded(maxFrames);
        int[] lengths = new int[batch.size()];
        for (int b = 0; b < batch.size(); b++) {
            lengths[b] = ModelConfig.outputFrames(each[b].length);
        }
        float[] input = CtcNetwork.convolutionInput(each, maxFrames, config);
        return new Prepared(input, batch.size(), maxFrames, CtcNetwork.convolutionInputShape(batch.size(), maxFrames, config), lengths,
                labels(batch), seconds(batch), buffers.fill(input));
    }

    private static float[][] normalized(float[][] raw, float[] mean, float[] std) {
        float[][] out = new float[raw.length][mean.length];
        for (int t = 0; t < raw.length; t++) {
            for (int k = 0; k < mean.length; k++) {
                out[t][k] = (raw[t][k] - mean[k]) / std[k];
            }
        }
        return out;
    }

    static int[][] labels(List<Utterance> batch) {
        int[][] l = new int[batch.size()][];
        for (int i = 0; i < l.length; i++) {
            l[i] = batch.get(i).labels;
        }
        return l;
    }

    /** Valid output frames per utterance. */
    static int[] outputLengths(List<Utterance> batch) {
        int[] n = new int[batch.size()];
        for (int i = 0; i < n.length; i++) {
            n[i] = ModelConfig.outputFrames(batch.get(i).frames);
        }
        return n;
    }

    static double seconds(List<Utterance> batch) {
        return batch.stream().mapToDouble(u -> u.seconds).sum();
    }
}
