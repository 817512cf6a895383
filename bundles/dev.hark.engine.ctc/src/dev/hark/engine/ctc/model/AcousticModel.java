package dev.hark.engine.ctc.model;

import java.io.IOException;
import java.util.Map;

/**
 * The {@code ctc} acoustic model's forward pass in plain Java, frame by frame: two causal 1-D convolutions
 * (kernel {@code k}, stride 2, ReLU) over normalized log-mel frames, a unidirectional LSTM, and a linear layer
 * to class scores. Because every layer only looks back, feeding frames one at a time gives exactly the
 * whole-utterance result, which makes streaming recognition chunk-size independent.
 *
 * <p>Weights are immutable and shared; each stream owns a {@link State}. The model's {@link Lexicon} (empty for an
 * open vocabulary) says how its finals are decoded.
 */
public final class AcousticModel {

    private final ModelConfig config;
    private final int k;
    private final int bands;
    private final int c1;
    private final int c2;
    private final int hidden;
    private final int classes;
    private final float[] w1; // [c1][bands][k]
    private final float[] b1;
    private final float[] w2; // [c2][c1][k]
    private final float[] b2;
    private final float[] wih; // [4h][c2], gates i, f, g, o
    private final float[] whh; // [4h][h]
    private final float[] bias; // b_ih + b_hh
    private final float[] wout; // [classes][h]
    private final float[] bout;
    private final Lexicon lexicon;

    public AcousticModel(ModelConfig config, Map<String, WeightFile.Tensor> weights) throws IOException {
        this(config, weights, Lexicon.EMPTY);
    }

    public AcousticModel(ModelConfig config, Map<String, WeightFile.Tensor> weights, Lexicon lexicon) throws IOException {
        this.config = config;
        this.lexicon = java.util.Objects.requireNonNull(lexicon, "lexicon");
        this.k = config.kernel();
        this.bands = config.melBands();
        this.c1 = config.convChannels();
        this.c2 = config.convChannels();
        this.hidden = config.lstmHidden();
        this.classes = config.classes();
        w1 = tensor(weights, "conv1.weight", c1, bands, k);
        b1 = tensor(weights, "conv1.bias", c1);
        w2 = tensor(weights, "conv2.weight", c2, c1, k);
        b2 = tensor(weights, "conv2.bias", c2);
        wih = tensor(weights, "lstm.w_ih", 4 * hidden, c2);
        whh = tensor(weights, "lstm.w_hh", 4 * hidden, hidden);
        float[] bih = tensor(weights, "lstm.b_ih", 4 * hidden);
        float[] bhh = tensor(weights, "lstm.b_hh", 4 * hidden);
        bias = new float[4 * hidden];
        for (int i = 0; i < bias.length; i++) {
            bias[i] = bih[i] + bhh[i];
        }
        wout = tensor(weights, "out.weight", classes, hidden);
        bout = tensor(weights, "out.bias", classes);
    }

    private static float[] tensor(Map<String, WeightFile.Tensor> weights, String name, int... shape) throws IOException {
        WeightFile.Tensor t = weights.get(name);
        if (t == null) {
            throw new IOException("weights lack " + name);
        }
        if (!java.util.Arrays.equals(t.shape(), shape)) {
            throw new IOException(name + " has shape " + java.util.Arrays.toString(t.shape()) + ", expected "
                    + java.util.Arrays.toString(shape));
        }
        return t.data();
    }

    public ModelConfig config() {
        return config;
    }

    /** The words finals are decoded into ({@link Lexicon#EMPTY}: greedy decoding). */
    public Lexicon lexicon() {
        return lexicon;
    }

    public State newState() {
        return new State();
    }

    /** Scores {@code [outputFrames][classes]} of a whole utterance's raw (unnormalized) log-mel frames. */
    public float[][] forward(float[][] features) {
        State s = newState();
        float[][] out = new float[ModelConfig.outputFrames(features.length)][];
        int n = 0;
        for (float[] f : features) {
            float[] y = s.push(f);
            if (y != null) {
                out[n++] = y;
            }
        }
        return out;
    }

    /** A stream's memory: the last frames each convolution needs, the LSTM state, and frame counters. */
    public final class State {
        private final float[][] in1 = new float[k][];
        private final float[][] in2 = new float[k][];
        private long count1;
        private long count2;
        private final float[] h = new float[hidden];
        private final float[] c = new float[hidden];
        private final float[] gates = new float[4 * hidden];

        State() {
            for (int i = 0; i < k; i++) {
                in1[i] = new float[bands];
                in2[i] = new float[c1];
            }
        }

        /**
         * Feeds one raw log-mel frame; returns the class scores of an output frame when one completes (every
         * fourth input frame), else null.
         */
        public float[] push(float[] rawFeature) {
            float[] x = new float[bands];
            float[] mean = config.featureMean(), std = config.featureStd();
            for (int b = 0; b < bands; b++) {
                x[b] = (rawFeature[b] - mean[b]) / std[b];
            }
            shift(in1, x);
            long n = count1++;
            if (n % ModelConfig.STRIDE != 0) {
                return null;
            }
            float[] y1 = conv(in1, w1, b1, c1, bands);
            shift(in2, y1);
            long m = count2++;
            if (m % ModelConfig.STRIDE != 0) {
                return null;
            }
            float[] y2 = conv(in2, w2, b2, c2, c1);
            lstm(y2);
            float[] out = new float[classes];
            for (int o = 0; o < classes; o++) {
                float sum = bout[o];
                int row = o * hidden;
                for (int j = 0; j < hidden; j++) {
                    sum += wout[row + j] * h[j];
                }
                out[o] = sum;
            }
            return out;
        }

        /** Forgets the LSTM state (at an utterance end); the convolutions keep their history. */
        public void resetRecurrent() {
            java.util.Arrays.fill(h, 0f);
            java.util.Arrays.fill(c, 0f);
        }

        private void shift(float[][] window, float[] frame) {
            float[] oldest = window[0];
            System.arraycopy(window, 1, window, 0, k - 1);
            window[k - 1] = oldest;
            System.arraycopy(frame, 0, oldest, 0, frame.length);
        }

        /** One output of a causal convolution: window[j] is input frame t-(k-1)+j. */
        private float[] conv(float[][] window, float[] w, float[] b, int outChannels, int inChannels) {
            float[] y = new float[outChannels];
            for (int o = 0; o < outChannels; o++) {
                float sum = b[o];
                int base = o * inChannels * k;
                for (int i = 0; i < inChannels; i++) {
                    int row = base + i * k;
                    for (int j = 0; j < k; j++) {
                        sum += w[row + j] * window[j][i];
                    }
                }
                y[o] = sum > 0 ? sum : 0;
            }
            return y;
        }

        private void lstm(float[] x) {
            int inputs = x.length;
            for (int g = 0; g < 4 * hidden; g++) {
                float sum = bias[g];
                int row = g * inputs;
                for (int i = 0; i < inputs; i++) {
                    sum += wih[row + i] * x[i];
                }
                int rowH = g * hidden;
                for (int j = 0; j < hidden; j++) {
                    sum += whh[rowH + j] * h[j];
                }
                gates[g] = sum;
            }
            for (int j = 0; j < hidden; j++) {
                float i = sigmoid(gates[j]);
                float f = sigmoid(gates[hidden + j]);
                float g = (float) Math.tanh(gates[2 * hidden + j]);
                float o = sigmoid(gates[3 * hidden + j]);
                c[j] = f * c[j] + i * g;
                h[j] = o * (float) Math.tanh(c[j]);
            }
        }
    }

    private static float sigmoid(float x) {
        return (float) (1 / (1 + Math.exp(-x)));
    }
}
