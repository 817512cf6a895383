package dev.hark.engine.ctc.train;

import ai.djl.ndarray.NDArray;

/** Says where a non-finite training loss came from, for the run's log: the features, the network or the loss. */
final class NonFinite {

    private NonFinite() {
    }

    /** E.g. "features 0 of 40960 non-finite, log-probabilities 12 of 2048 non-finite, utterance losses [1.2, NaN]". */
    static String describe(Batches.Prepared batch, NDArray logProbs, float[] losses) {
        return "features " + count(batch.features()) + " of " + batch.features().length + " non-finite, log-probabilities "
                + count(logProbs.toFloatArray()) + " of " + logProbs.size() + " non-finite, utterance losses "
                + java.util.Arrays.toString(losses) + ", output frames "
                + java.util.Arrays.toString(batch.outputLengths());
    }

    static int count(float[] values) {
        int n = 0;
        for (float v : values) {
            if (!Float.isFinite(v)) {
                n++;
            }
        }
        return n;
    }
}
