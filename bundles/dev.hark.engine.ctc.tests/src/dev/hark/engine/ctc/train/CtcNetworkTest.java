package dev.hark.engine.ctc.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.hark.engine.ctc.model.AcousticModel;
import dev.hark.engine.ctc.model.LogMel;
import dev.hark.engine.ctc.model.ModelConfig;

/**
 * The training network computes what the server's plain-Java {@link AcousticModel} computes from the same weights —
 * with the first convolution's 40 input channels zero-padded to 48 for oneDNN's AVX-512 kernels (the padding must
 * change nothing), and over a batch padded in time, as training batches are.
 */
class CtcNetworkTest {

    @Test
    void theTrainingNetworkIsTheStreamingModel() throws Exception {
        Engine engine = Djl.engine();
        int bands = LogMel.BANDS;
        ModelConfig config = normalizedFeatures();
        Random random = new Random(3);
        int frames = 37, paddedFrames = Batches.padded(frames);
        float[][] features = new float[frames][bands];
        float[] batch = new float[2 * paddedFrames * bands]; // the utterance twice, each padded in time
        for (int t = 0; t < frames; t++) {
            for (int k = 0; k < bands; k++) {
                features[t][k] = (float) random.nextGaussian();
                batch[t * bands + k] = features[t][k];
                batch[(paddedFrames + t) * bands + k] = features[t][k];
            }
        }
        try (NDManager m = engine.newBaseManager()) {
            CtcNetwork network = new CtcNetwork(config);
            network.initialize(m, DataType.FLOAT32, new Shape(2, paddedFrames, bands));
            float[] trained = network.forward(new ParameterStore(m, false), new NDList(m.create(batch, new Shape(2, paddedFrames, bands))), false)
                    .head().toFloatArray();
            AcousticModel model = new AcousticModel(config, network.exportWeights());
            float[][] streamed = model.forward(features);
            int outFrames = ModelConfig.outputFrames(paddedFrames), classes = config.classes();
            assertEquals(ModelConfig.outputFrames(frames), streamed.length);
            for (int b = 0; b < 2; b++) {
                for (int t = 0; t < streamed.length; t++) {
                    float[] logProbs = logSoftmax(streamed[t]);
                    for (int c = 0; c < classes; c++) {
                        assertEquals(logProbs[c], trained[(b * outFrames + t) * classes + c], 1e-3f, "utterance " + b + ", frame " + t + ", class " + c);
                    }
                }
            }
        }
    }

    @Test
    void theBatchThreadsLayoutGivesWhatTheNetworksOwnPaddingGives() throws Exception {
        Engine engine = Djl.engine();
        int bands = LogMel.BANDS;
        ModelConfig config = normalizedFeatures();
        Random random = new Random(5);
        int[] lengths = { 37, 20, 48 };
        int paddedFrames = Batches.padded(48);
        float[][][] each = new float[lengths.length][][];
        float[] timeMajor = new float[lengths.length * paddedFrames * bands]; // (B, T, F), as forward takes it
        for (int b = 0; b < lengths.length; b++) {
            each[b] = new float[lengths[b]][bands];
            for (int t = 0; t < lengths[b]; t++) {
                for (int k = 0; k < bands; k++) {
                    each[b][t][k] = (float) random.nextGaussian();
                    timeMajor[(b * paddedFrames + t) * bands + k] = each[b][t][k];
                }
            }
        }
        try (NDManager m = engine.newBaseManager()) {
            CtcNetwork network = new CtcNetwork(config);
            network.initialize(m, DataType.FLOAT32, new Shape(lengths.length, paddedFrames, bands));
            ParameterStore store = new ParameterStore(m, false);
            float[] expected = network.forward(store, new NDList(m.create(timeMajor, new Shape(lengths.length, paddedFrames, bands))), false)
                    .head().toFloatArray();
            float[] laidOut = CtcNetwork.convolutionInput(each, paddedFrames, config);
            assertEquals(new Shape(3, 48, config.kernel() - 1 + paddedFrames), CtcNetwork.convolutionInputShape(3, paddedFrames, config));
            float[] actual = network.forwardTraining(store, m.create(laidOut, CtcNetwork.convolutionInputShape(3, paddedFrames, config)))
                    .toFloatArray();
            assertEquals(expected.length, actual.length);
            for (int i = 0; i < expected.length; i++) {
                assertEquals(expected[i], actual[i], 1e-5f, "output " + i);
            }
        }
    }

    /** The default model over three symbols, its features taken as normalized already (mean 0, deviation 1). */
    private static ModelConfig normalizedFeatures() {
        float[] zeros = new float[LogMel.BANDS], ones = new float[LogMel.BANDS];
        java.util.Arrays.fill(ones, 1f);
        return ModelConfig.defaults(List.of("a", "b", "c"), zeros, ones);
    }

    /** Log-softmax (an identity on scores that already are log-probabilities). */
    private static float[] logSoftmax(float[] x) {
        double max = Double.NEGATIVE_INFINITY, sum = 0;
        for (float v : x) {
            max = Math.max(max, v);
        }
        for (float v : x) {
            sum += Math.exp(v - max);
        }
        float[] out = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = (float) (x[i] - max - Math.log(sum));
        }
        return out;
    }
}
