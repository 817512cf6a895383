package dev.hark.engine.ctc.train;

import java.util.LinkedHashMap;
import java.util.Map;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv1d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.recurrent.LSTM;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.hark.engine.ctc.model.ModelConfig;
import dev.hark.engine.ctc.model.WeightFile;

/**
 * The {@code ctc} acoustic model as a DJL block, the twin of {@link dev.hark.engine.ctc.model.AcousticModel}:
 * input {@code (batch, frames, bands)} normalized log-mel, two causal Conv1d (left zero padding, stride 2, ReLU),
 * a unidirectional LSTM, a linear layer and log-softmax: output {@code (batch, frames / 4, classes)}.
 */
final class CtcNetwork extends AbstractBlock {

    /** Channels oneDNN's AVX-512 convolution kernels block together. */
    static final int CHANNEL_BLOCK = 16;

    private final ModelConfig config;
    private final Conv1d conv1;
    private final Conv1d conv2;
    private final LSTM lstm;
    private final Linear out;
    private final Parameter conv1Weight;
    private final Parameter conv1Bias;

    CtcNetwork(ModelConfig config) {
        this.config = config;
        conv1 = addChildBlock("conv1", Conv1d.builder().setKernelShape(new Shape(config.kernel())).setFilters(config.convChannels())
                .optStride(new Shape(ModelConfig.STRIDE)).build());
        conv2 = addChildBlock("conv2", Conv1d.builder().setKernelShape(new Shape(config.kernel())).setFilters(config.convChannels())
                .optStride(new Shape(ModelConfig.STRIDE)).build());
        lstm = addChildBlock("lstm", LSTM.builder().setStateSize(config.lstmHidden()).setNumLayers(1).optBatchFirst(true)
                .optReturnState(false).build());
        out = addChildBlock("out", Linear.builder().setUnits(config.classes()).build());
        // looked up once: getParameters() builds a new list each call (and its JIT compilation alone cost seconds)
        conv1Weight = conv1.getParameters().get("weight");
        conv1Bias = conv1.getParameters().get("bias");
    }

    /**
     * A training forward pass of the initialized network from the first convolution's input as the batch thread lays
     * it out ({@link #convolutionInput}: {@code (B, paddedBands, kernel - 1 + T)}): the transpose and the two paddings
     * of {@link #forwardInternal} are done on the host, off the training thread. {@code forward(ps, inputs, true)}
     * would also first ask {@code isInitialized()}, which rebuilds the list of all parameters under their path names
     * (strings joined per call) at every step; its JIT compilation alone took seconds of a short run's CPU time.
     */
    NDArray forwardTraining(ParameterStore ps, NDArray convolutionInput) {
        return fromConvolutionInput(ps, convolutionInput, true);
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.head().transpose(0, 2, 1); // (B, F, T)
        return new NDList(fromConvolutionInput(ps, padBands(padLeft(x)), training));
    }

    private NDArray fromConvolutionInput(ParameterStore ps, NDArray x, boolean training) {
        x = firstConvolution(ps, x, training).getNDArrayInternal().relu();
        x = conv2.forward(ps, new NDList(padLeft(x)), training).head().getNDArrayInternal().relu();
        x = x.transpose(0, 2, 1); // (B, T', C)
        x = lstm.forward(ps, new NDList(x), training).head(); // (B, T', H)
        long batch = x.getShape().get(0), frames = x.getShape().get(1);
        NDArray flat = x.reshape(batch * frames, config.lstmHidden());
        NDArray logits = out.forward(ps, new NDList(flat), training).head().reshape(batch, frames, config.classes());
        return logits.logSoftmax(2);
    }

    /** The mel bands zero-padded to a multiple of {@link #CHANNEL_BLOCK}: the first convolution's input channels. */
    static int paddedBands(ModelConfig config) {
        return (config.melBands() + CHANNEL_BLOCK - 1) / CHANNEL_BLOCK * CHANNEL_BLOCK;
    }

    /**
     * Normalized features of a batch, {@code features[b][t][band]} with {@code frames} frames each at most, laid out as
     * the first convolution reads them: {@code (B, paddedBands, kernel - 1 + frames)} row-major, the bands beyond the
     * mel bands and the first {@code kernel - 1} columns (the causal left padding) and the frames beyond an utterance's
     * end zero.
     */
    static float[] convolutionInput(float[][][] features, int frames, ModelConfig config) {
        int channels = paddedBands(config), left = config.kernel() - 1, width = left + frames, bands = config.melBands();
        float[] data = new float[features.length * channels * width];
        for (int b = 0; b < features.length; b++) {
            float[][] f = features[b];
            for (int k = 0; k < bands; k++) {
                int row = (b * channels + k) * width + left;
                for (int t = 0; t < f.length; t++) {
                    data[row + t] = f[t][k];
                }
            }
        }
        return data;
    }

    /** The shape {@link #convolutionInput} lays out. */
    static Shape convolutionInputShape(int batch, int frames, ModelConfig config) {
        return new Shape(batch, paddedBands(config), config.kernel() - 1 + frames);
    }

    /**
     * The first convolution with its input channels (the mel bands, 40) zero-padded to a multiple of
     * {@link #CHANNEL_BLOCK}, input and weights alike: oneDNN's AVX-512 convolution blocks channels by 16 and, given 40,
     * produced NaN at some output positions now and then (docs/benchmarks.md, "The NaN batches"). The zero channels
     * add nothing to the result, and the parameter keeps its 40 channels (checkpoints are unchanged). {@code x}: padded
     * already, {@code (B, paddedBands, kernel - 1 + T)}.
     */
    private NDArray firstConvolution(ParameterStore ps, NDArray x, boolean training) {
        NDArray weight = ps.getValue(conv1Weight, x.getDevice(), training);
        NDArray bias = ps.getValue(conv1Bias, x.getDevice(), training);
        int bands = config.melBands(), padded = paddedBands(config);
        if (padded != bands) {
            Shape w = weight.getShape();
            weight = weight.concat(x.getManager().zeros(new Shape(w.get(0), padded - bands, w.get(2)), weight.getDataType()), 1);
        }
        return Conv1d.conv1d(x, weight, bias, new Shape(ModelConfig.STRIDE), new Shape(0), new Shape(1), 1).head();
    }

    /** {@code (B, bands, T)} with zero bands up to {@link #paddedBands}. */
    private NDArray padBands(NDArray x) {
        int bands = config.melBands(), padded = paddedBands(config);
        if (padded == bands) {
            return x;
        }
        Shape s = x.getShape();
        return x.concat(x.getManager().zeros(new Shape(s.get(0), padded - bands, s.get(2)), x.getDataType()), 1);
    }

    private NDArray padLeft(NDArray x) {
        Shape s = x.getShape();
        NDArray zeros = x.getManager().zeros(new Shape(s.get(0), s.get(1), config.kernel() - 1), x.getDataType());
        return zeros.concat(x, 2);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        long t = ModelConfig.outputFrames((int) in.get(1));
        return new Shape[] { new Shape(in.get(0), t, config.classes()) };
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape in = inputShapes[0];
        long b = in.get(0), t = in.get(1), f = in.get(2);
        Shape c1in = new Shape(b, f, t + config.kernel() - 1);
        conv1.initialize(manager, dataType, c1in);
        long t1 = (t + 1) / 2;
        conv2.initialize(manager, dataType, new Shape(b, config.convChannels(), t1 + config.kernel() - 1));
        long t2 = (t1 + 1) / 2;
        lstm.initialize(manager, dataType, new Shape(b, t2, config.convChannels()));
        out.initialize(manager, dataType, new Shape(b * t2, config.lstmHidden()));
    }

    /** The weights under the names {@link dev.hark.engine.ctc.model.AcousticModel} reads. */
    Map<String, WeightFile.Tensor> exportWeights() {
        Map<String, WeightFile.Tensor> w = new LinkedHashMap<>();
        put(w, "conv1.weight", conv1.getParameters().get("weight"));
        put(w, "conv1.bias", conv1.getParameters().get("bias"));
        put(w, "conv2.weight", conv2.getParameters().get("weight"));
        put(w, "conv2.bias", conv2.getParameters().get("bias"));
        for (var pair : lstm.getParameters()) {
            String name = pair.getKey().toLowerCase(java.util.Locale.ROOT);
            String kind = name.contains("i2h") ? "ih" : "hh";
            put(w, name.endsWith("weight") ? "lstm.w_" + kind : "lstm.b_" + kind, pair.getValue());
        }
        put(w, "out.weight", out.getParameters().get("weight"));
        put(w, "out.bias", out.getParameters().get("bias"));
        return w;
    }

    private static void put(Map<String, WeightFile.Tensor> w, String name, Parameter p) {
        if (p == null) {
            throw new IllegalStateException("no parameter for " + name);
        }
        NDArray a = p.getArray();
        long[] shape = a.getShape().getShape();
        int[] dims = new int[shape.length];
        for (int i = 0; i < shape.length; i++) {
            dims[i] = (int) shape[i];
        }
        w.put(name, new WeightFile.Tensor(dims, a.toFloatArray()));
    }
}
