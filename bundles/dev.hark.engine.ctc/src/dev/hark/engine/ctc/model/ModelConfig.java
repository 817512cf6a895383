package dev.hark.engine.ctc.model;

import java.util.List;
import java.util.Objects;

/**
 * The shape of a {@code ctc} model and what it needs besides its weights: the character vocabulary
 * (index 0 is the CTC blank, index {@code i} is {@code vocabulary[i - 1]}) and the feature normalization.
 * Stored as {@code model_config.json} in a checkpoint.
 */
public record ModelConfig(String architecture, int melBands, int convChannels, int kernel, int lstmHidden,
        List<String> vocabulary, float[] featureMean, float[] featureStd) {

    public static final String ARCHITECTURE = "hark-ctc-conv2-lstm1";
    /** Each convolution halves the frame rate: 10 ms feature frames become 40 ms output frames. */
    public static final int STRIDE = 2;
    public static final int SUBSAMPLING = STRIDE * STRIDE;

    public ModelConfig {
        Objects.requireNonNull(vocabulary, "vocabulary");
        vocabulary = List.copyOf(vocabulary);
        if (featureMean == null || featureMean.length != melBands || featureStd == null || featureStd.length != melBands) {
            throw new IllegalArgumentException("feature normalization must have " + melBands + " bands");
        }
    }

    public static ModelConfig defaults(List<String> vocabulary, float[] mean, float[] std) {
        return new ModelConfig(ARCHITECTURE, LogMel.BANDS, 128, 5, 128, vocabulary, mean, std);
    }

    /** Output classes: the blank plus one per character. */
    public int classes() {
        return vocabulary.size() + 1;
    }

    /** Output frames for {@code featureFrames} input frames (each causal convolution with stride 2 rounds up). */
    public static int outputFrames(int featureFrames) {
        int t = featureFrames;
        for (int i = 0; i < 2; i++) {
            t = (t + STRIDE - 1) / STRIDE;
        }
        return t;
    }

    /** Seconds per output frame. */
    public static double outputFrameSeconds() {
        return LogMel.FRAME_SECONDS * SUBSAMPLING;
    }
}
