package dev.hark.engine.ctc.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * Connectionist temporal classification loss for DJL (which has none). The forward (alpha) and backward (beta)
 * recursions run on the host in double precision over the blank-extended label sequences: on probabilities rescaled
 * every frame, or in log space where those underflow; the
 * gradient with respect to the log-probabilities (minus the posterior of each class at each frame) is handed back
 * to DJL's autograd through a surrogate {@code sum(logProbs * g) - stopGradient(same) + loss}, whose value is the
 * loss and whose gradient is {@code g}. This costs one copy of the {@code (B, T, C)} log-probabilities to the host
 * and one of the gradient back, and five DJL operations per batch instead of about ten per frame (the recursion as
 * DJL operations made a 60-frame batch take ~600 native calls and autograd nodes; see docs/benchmarks.md).
 *
 * <p>Unreachable states hold a large negative number instead of -inf; an utterance that no alignment fits (too few
 * frames for its labels) gets a huge finite loss and a zero gradient. The loss of each utterance is divided by its
 * label length (PyTorch's {@code reduction="mean"} before the batch mean).
 */
final class CtcLoss {

    static final double NEG = -1e30;

    private CtcLoss() {
    }

    /** The per-utterance losses and their gradient with respect to the log-probabilities, on the host. */
    record OnHost(float[] losses, float[] gradient, Shape shape) {

        /** The mean of the losses (the batch's loss), in double precision. */
        double mean() {
            double sum = 0;
            for (float l : losses) {
                sum += l;
            }
            return sum / losses.length;
        }
    }

    /**
     * @param logProbs     {@code (B, T, C)} log-softmax outputs, class 0 the blank
     * @param labels       label ids per utterance (no blanks), each non-empty
     * @param inputLengths valid output frames per utterance
     * @return per-utterance losses, normalized by label length, and the gradient of each with respect to its own
     *         log-probabilities
     */
    static OnHost onHost(NDArray logProbs, int[][] labels, int[] inputLengths) {
        int batch = labels.length;
        int frames = (int) logProbs.getShape().get(1);
        int classes = (int) logProbs.getShape().get(2);
        float[] host = logProbs.toFloatArray();
        float[] gradient = new float[host.length];
        float[] losses = new float[batch];
        Lattice lattice = new Lattice();
        for (int b = 0; b < batch; b++) {
            int length = Math.min(frames, inputLengths[b]);
            losses[b] = (float) lattice.lossAndGradient(host, gradient, b * frames * classes, length, classes, labels[b]);
        }
        return new OnHost(losses, gradient, logProbs.getShape());
    }

    /**
     * @return per-utterance losses {@code (B)} as {@link #onHost}, differentiable with respect to {@code logProbs}
     *         through the surrogate (for validation and the tests; training hands the gradient over directly,
     *         {@link #backwardOfMean})
     */
    static NDArray perUtterance(NDArray logProbs, int[][] labels, int[] inputLengths) {
        NDManager m = logProbs.getManager();
        OnHost loss = onHost(logProbs, labels, inputLengths);
        NDArray g = m.create(loss.gradient(), loss.shape());
        // (clamped: a -inf log-probability times its zero gradient would make the whole sum NaN)
        NDArray dot = logProbs.maximum(-1e4f).mul(g).sum(new int[] { 1, 2 });
        return dot.sub(dot.stopGradient()).add(m.create(loss.losses()));
    }

    /**
     * Back-propagates the batch's mean loss: the host gradient divided by the batch size handed to libtorch's autograd
     * as the gradient of {@code logProbs} (no surrogate: its five operations, their nodes and the read-back of the
     * mean cost ~0.4 ms of a ~10 ms step). {@code scope} owns the gradient's array.
     */
    static void backwardOfMean(NDArray logProbs, OnHost loss, NDManager scope) {
        float[] g = loss.gradient();
        float scale = 1f / loss.losses().length;
        for (int i = 0; i < g.length; i++) {
            g[i] *= scale;
        }
        NDArray gradient = scope.create(g, loss.shape());
        ai.djl.pytorch.jni.JniUtils.backward((ai.djl.pytorch.engine.PtNDArray) logProbs, (ai.djl.pytorch.engine.PtNDArray) gradient,
                false, false);
    }

    /** Reusable work arrays of one utterance's recursions. */
    static final class Lattice {
        private double[] alpha = new double[0];
        private double[] beta = new double[0];
        private double[] emissions = new double[0];
        private double[] frameSums = new double[0];
        private int[] ext = new int[0];
        private boolean[] skip = new boolean[0];

        /**
         * The loss of one utterance (normalized by its label length); writes its gradient with respect to the
         * log-probabilities into {@code gradient} at the same offsets.
         *
         * @param lp     log-probabilities, row-major {@code [frame][class]} from {@code offset}
         * @param length valid frames
         */
        double lossAndGradient(float[] lp, float[] gradient, int offset, int length, int classes, int[] labels) {
            double norm = Math.max(1, labels.length);
            if (length < 1) {
                return -NEG / norm;
            }
            int states = 2 * labels.length + 1;
            prepare(states, length, labels);
            double scaled = scaled(lp, gradient, offset, length, classes, states, norm);
            return Double.isNaN(scaled) ? inLogSpace(lp, gradient, offset, length, classes, states, norm) : scaled;
        }

        /**
         * The recursions on probabilities, each frame's alphas and betas rescaled to sum to 1 (Rabiner's scaling): no
         * logarithm or exponential in the inner loop. NaN (nothing written) when a frame's sum underflows, which is
         * also what an utterance no alignment fits gives: then {@link #inLogSpace} decides.
         * <p>
         * Each frame's work is a small static method of its own: the JIT compiles those once, as ordinary hot methods,
         * instead of compiling and recompiling one large method with several long loops on stack replacement (a short
         * run's compiler time went mostly to this method and the validation's decoder; docs/benchmarks.md).
         */
        private double scaled(float[] lp, float[] gradient, int offset, int length, int classes, int states, double norm) {
            double[] a = alpha, bt = beta, y = emissions;
            int[] ext = this.ext;
            boolean[] skip = this.skip;
            for (int t = 0; t < length; t++) {
                emissions(lp, offset + t * classes, ext, y, t * states, states);
            }
            double logLikelihood = 0;
            double sum = 0;
            for (int s = 0; s < states; s++) {
                a[s] = s < 2 ? y[s] : 0;
                sum += a[s];
            }
            for (int t = 0;; t++) {
                if (!(sum > 1e-290)) {
                    return Double.NaN;
                }
                logLikelihood += Math.log(sum);
                int row = t * states;
                scale(a, row, states, 1 / sum);
                if (t + 1 == length) {
                    break;
                }
                sum = alphaStep(a, y, skip, row, states);
            }
            int last = (length - 1) * states;
            double end = a[last + states - 1] + (states > 1 ? a[last + states - 2] : 0);
            if (!(end > 1e-290)) {
                return Double.NaN;
            }
            logLikelihood += Math.log(end);
            for (int s = 0; s < states; s++) {
                bt[last + s] = s >= states - 2 ? 1 : 0;
            }
            for (int t = length - 2; t >= 0; t--) {
                int row = t * states;
                double total = betaStep(bt, y, skip, row, states);
                if (!(total > 1e-290)) {
                    return Double.NaN;
                }
                scale(bt, row, states, 1 / total);
            }
            // every alignment is in exactly one state at each frame: the products normalized per frame are the posteriors.
            // Their sum underflows when the alphas and the betas sit on different states (a model sure of a wrong
            // alignment): then the log-space recursions decide, before anything is written
            double[] z = frameSums;
            for (int t = 0; t < length; t++) {
                double sumOfProducts = dot(a, bt, t * states, states);
                if (!(sumOfProducts > 1e-290) || !Double.isFinite(sumOfProducts)) {
                    return Double.NaN;
                }
                z[t] = sumOfProducts;
            }
            for (int t = 0; t < length; t++) {
                subtractPosteriors(a, bt, ext, t * states, states, gradient, offset + t * classes, 1 / (z[t] * norm));
            }
            return -logLikelihood / norm;
        }

        /** {@code y[at + s] = exp(lp[from + ext[s]])}: one frame's emission probabilities of the extended labels. */
        private static void emissions(float[] lp, int from, int[] ext, double[] y, int at, int states) {
            for (int s = 0; s < states; s++) {
                y[at + s] = Math.exp(lp[from + ext[s]]);
            }
        }

        private static void scale(double[] v, int row, int states, double factor) {
            for (int s = 0; s < states; s++) {
                v[row + s] *= factor;
            }
        }

        /** The alphas of frame {@code row / states + 1} from those of the frame at {@code row}; returns their sum. */
        private static double alphaStep(double[] a, double[] y, boolean[] skip, int row, int states) {
            int next = row + states;
            double sum = 0;
            for (int s = 0; s < states; s++) {
                double v = a[row + s];
                if (s >= 1) {
                    v += a[row + s - 1];
                }
                if (skip[s]) {
                    v += a[row + s - 2];
                }
                v *= y[next + s];
                a[next + s] = v;
                sum += v;
            }
            return sum;
        }

        /** The betas of the frame at {@code row} from those of the next frame; returns their sum. */
        private static double betaStep(double[] bt, double[] y, boolean[] skip, int row, int states) {
            int next = row + states;
            double total = 0;
            for (int s = 0; s < states; s++) {
                double v = bt[next + s] * y[next + s];
                if (s + 1 < states) {
                    v += bt[next + s + 1] * y[next + s + 1];
                }
                if (s + 2 < states && skip[s + 2]) {
                    v += bt[next + s + 2] * y[next + s + 2];
                }
                bt[row + s] = v;
                total += v;
            }
            return total;
        }

        private static double dot(double[] a, double[] b, int row, int states) {
            double sum = 0;
            for (int s = 0; s < states; s++) {
                sum += a[row + s] * b[row + s];
            }
            return sum;
        }

        /** One frame's gradient: minus each extended label's posterior (its alpha times beta, times {@code scale}). */
        private static void subtractPosteriors(double[] a, double[] bt, int[] ext, int row, int states, float[] gradient, int g,
                double scale) {
            for (int s = 0; s < states; s++) {
                gradient[g + ext[s]] -= (float) (a[row + s] * bt[row + s] * scale);
            }
        }

        /** The recursions in log space: slower, but exact where probabilities underflow. */
        private double inLogSpace(float[] lp, float[] gradient, int offset, int length, int classes, int states, double norm) {
            double[] a = alpha, bt = beta;
            // alpha[t][s]: log-probability of the prefix up to state s at frame t, including frame t's emission
            for (int s = 0; s < states; s++) {
                a[s] = s < 2 ? lp[offset + ext[s]] : NEG;
            }
            for (int t = 1; t < length; t++) {
                int row = t * states, prev = row - states, e = offset + t * classes;
                for (int s = 0; s < states; s++) {
                    double v = a[prev + s];
                    if (s >= 1) {
                        v = logAdd(v, a[prev + s - 1]);
                    }
                    if (skip[s]) {
                        v = logAdd(v, a[prev + s - 2]);
                    }
                    a[row + s] = Math.max(NEG, v + lp[e + ext[s]]);
                }
            }
            int last = (length - 1) * states;
            double logLikelihood = states > 1 ? logAdd(a[last + states - 1], a[last + states - 2]) : a[last];
            if (logLikelihood <= NEG / 2) {
                return -logLikelihood / norm; // no alignment fits: a huge loss, no gradient
            }
            // beta[t][s]: log-probability of the rest after frame t given state s at frame t (emission t excluded)
            for (int s = 0; s < states; s++) {
                bt[last + s] = s >= states - 2 ? 0 : NEG;
            }
            for (int t = length - 2; t >= 0; t--) {
                int row = t * states, next = row + states, e = offset + (t + 1) * classes;
                for (int s = 0; s < states; s++) {
                    double v = bt[next + s] + lp[e + ext[s]];
                    if (s + 1 < states) {
                        v = logAdd(v, bt[next + s + 1] + lp[e + ext[s + 1]]);
                    }
                    if (s + 2 < states && skip[s + 2]) {
                        v = logAdd(v, bt[next + s + 2] + lp[e + ext[s + 2]]);
                    }
                    bt[row + s] = Math.max(NEG, v);
                }
            }
            // d(-logLikelihood / norm) / d lp[t][k] = -(sum over states s of class k of the posterior) / norm
            for (int t = 0; t < length; t++) {
                int row = t * states, g = offset + t * classes;
                for (int s = 0; s < states; s++) {
                    double logPosterior = a[row + s] + bt[row + s] - logLikelihood;
                    if (logPosterior > -60) {
                        gradient[g + ext[s]] -= (float) (Math.exp(logPosterior) / norm);
                    }
                }
            }
            return -logLikelihood / norm;
        }

        private void prepare(int states, int length, int[] labels) {
            int cells = states * Math.max(1, length);
            if (alpha.length < cells) {
                alpha = new double[cells];
                beta = new double[cells];
                emissions = new double[cells];
            }
            if (frameSums.length < length) {
                frameSums = new double[length];
            }
            if (ext.length < states) {
                ext = new int[states];
                skip = new boolean[states];
            }
            for (int s = 0; s < states; s++) {
                boolean label = s % 2 == 1;
                ext[s] = label ? labels[s / 2] : 0;
                skip[s] = label && s >= 3 && labels[s / 2] != labels[s / 2 - 1];
            }
        }
    }

    /** log(exp(x) + exp(y)), exact for the large negative stand-in for -inf. */
    static double logAdd(double x, double y) {
        if (x < y) {
            double t = x;
            x = y;
            y = t;
        }
        if (y <= NEG / 2) {
            return x;
        }
        return x + Math.log(1 + Math.exp(y - x)); // Math.log1p is not an intrinsic: several times slower
    }
}
