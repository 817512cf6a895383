package dev.hark.engine.ctc.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * Connectionist temporal classification loss on DJL arrays (DJL has none): the batched forward (alpha)
 * recursion in log space over the blank-extended label sequences, differentiated by DJL's autograd.
 * Unreachable states hold a large negative number instead of -inf, so that no NaN appears in gradients.
 * The loss of each utterance is divided by its label length, then averaged over the batch (PyTorch's
 * {@code reduction="mean"}).
 */
final class CtcLoss {

    private static final float NEG = -1e30f;

    private CtcLoss() {
    }

    /**
     * @param logProbs     {@code (B, T, C)} log-softmax outputs, class 0 the blank
     * @param labels       label ids per utterance (no blanks), each non-empty
     * @param inputLengths valid output frames per utterance
     * @return per-utterance losses {@code (B)}, normalized by label length
     */
    static NDArray perUtterance(NDArray logProbs, int[][] labels, int[] inputLengths) {
        NDManager m = logProbs.getManager();
        int batch = labels.length;
        int frames = (int) logProbs.getShape().get(1);
        int maxLabel = 1;
        for (int[] l : labels) {
            maxLabel = Math.max(maxLabel, l.length);
        }
        int states = 2 * maxLabel + 1;
        long[] ext = new long[batch * states];
        float[] skipAllowed = new float[batch * states];
        float[] init = new float[batch * states];
        long[] finals = new long[batch * 2];
        for (int b = 0; b < batch; b++) {
            int[] l = labels[b];
            for (int s = 0; s < states; s++) {
                int label = s % 2 == 1 && s / 2 < l.length ? l[s / 2] : 0;
                ext[b * states + s] = label;
                boolean skip = s % 2 == 1 && s >= 3 && s / 2 < l.length && l[s / 2] != l[s / 2 - 1];
                skipAllowed[b * states + s] = skip ? 1f : 0f;
                init[b * states + s] = s < 2 && s < 2 * l.length + 1 ? 0f : NEG;
            }
            finals[2 * b] = 2L * l.length;
            finals[2 * b + 1] = 2L * l.length - 1;
        }
        NDArray extended = m.create(ext, new Shape(batch, states));
        // emissions (B, T, S): log-probability of each extended label at each frame
        NDArray index = extended.expandDims(1).broadcast(new Shape(batch, frames, states));
        NDArray emissions = logProbs.gather(index, 2);
        NDArray skipMask = m.create(skipAllowed, new Shape(batch, states));
        NDArray skipPenalty = skipMask.sub(1f).mul(-NEG); // 0 where allowed, NEG where not
        NDArray negColumn = m.full(new Shape(batch, 1), NEG);
        NDArray negColumns2 = m.full(new Shape(batch, 2), NEG);

        NDArray alpha = m.create(init, new Shape(batch, states)).add(emissions.get(new NDIndex(":, 0, :")));
        for (int t = 1; t < frames; t++) {
            NDArray a1 = negColumn.concat(alpha.get(new NDIndex(":, :-1")), 1);
            NDArray a2 = negColumns2.concat(alpha.get(new NDIndex(":, :-2")), 1).add(skipPenalty).maximum(NEG);
            NDArray top = alpha.maximum(a1).maximum(a2).stopGradient();
            NDArray sum = alpha.sub(top).exp().add(a1.sub(top).exp()).add(a2.sub(top).exp());
            NDArray next = sum.log().add(top).add(emissions.get(new NDIndex(":, {}, :", t)));
            float[] active = new float[batch];
            for (int b = 0; b < batch; b++) {
                active[b] = t < inputLengths[b] ? 1f : 0f;
            }
            NDArray keep = m.create(active, new Shape(batch, 1));
            alpha = next.mul(keep).add(alpha.mul(keep.neg().add(1f)));
        }
        NDArray ends = alpha.gather(m.create(finals, new Shape(batch, 2)), 1); // (B, 2)
        NDArray top = ends.max(new int[] { 1 }, true).stopGradient();
        NDArray logLikelihood = ends.sub(top).exp().sum(new int[] { 1 }, true).log().add(top).reshape(batch);
        float[] lengths = new float[batch];
        for (int b = 0; b < batch; b++) {
            lengths[b] = Math.max(1, labels[b].length);
        }
        return logLikelihood.neg().div(m.create(lengths)).toType(DataType.FLOAT32, false);
    }
}
