package dev.hark.engine.ctc.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;

/**
 * {@link CtcLoss} against a brute-force reference: every path of T frames over the classes (at most 4^5) is
 * collapsed (repeats merged, blanks dropped), and the probabilities of the paths that give the label sequence are
 * summed. Losses and DJL autograd gradients are compared with the reference, the gradients also with finite
 * differences of {@link CtcLoss} itself.
 */
class CtcLossTest {

    static Engine engine;

    @BeforeAll
    static void engine() {
        engine = Djl.engine();
    }

    /** One utterance of a test batch: log-probabilities {@code [T][C]}, its labels and its valid frames. */
    record Case(double[][] logProbs, int[] labels, int length) {
    }

    // ------------------------------------------------------------------ reference

    /** All paths of {@code length} frames that collapse to {@code labels}, with their log-probabilities summed. */
    static double referenceLoss(Case c) {
        double total = 0;
        for (int[] path : paths(c.length, c.logProbs[0].length)) {
            if (java.util.Arrays.equals(collapse(path), c.labels)) {
                total += Math.exp(logProbability(c, path));
            }
        }
        return -Math.log(total) / c.labels.length;
    }

    /** d referenceLoss / d logProbs[t][k]: minus the posterior of class k at frame t, over the label length. */
    static double[][] referenceGradient(Case c) {
        int classes = c.logProbs[0].length;
        double[][] g = new double[c.logProbs.length][classes];
        double total = 0;
        List<int[]> valid = new ArrayList<>();
        for (int[] path : paths(c.length, classes)) {
            if (java.util.Arrays.equals(collapse(path), c.labels)) {
                valid.add(path);
                total += Math.exp(logProbability(c, path));
            }
        }
        for (int[] path : valid) {
            double share = Math.exp(logProbability(c, path)) / total;
            for (int t = 0; t < c.length; t++) {
                g[t][path[t]] -= share / c.labels.length;
            }
        }
        return g;
    }

    static double logProbability(Case c, int[] path) {
        double lp = 0;
        for (int t = 0; t < path.length; t++) {
            lp += c.logProbs[t][path[t]];
        }
        return lp;
    }

    static List<int[]> paths(int frames, int classes) {
        List<int[]> out = new ArrayList<>();
        int count = (int) Math.pow(classes, frames);
        for (int n = 0; n < count; n++) {
            int[] p = new int[frames];
            int v = n;
            for (int t = 0; t < frames; t++) {
                p[t] = v % classes;
                v /= classes;
            }
            out.add(p);
        }
        return out;
    }

    /** CTC's many-to-one map: merge repeats, then drop blanks (class 0). */
    static int[] collapse(int[] path) {
        List<Integer> out = new ArrayList<>();
        int previous = -1;
        for (int k : path) {
            if (k != previous && k != 0) {
                out.add(k);
            }
            previous = k;
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    @Test
    void referenceItselfMatchesKnownValues() {
        assertEquals(List.of(1, 2, 1), toList(collapse(new int[] { 1, 1, 0, 2, 0, 1 })));
        assertEquals(List.of(1, 1), toList(collapse(new int[] { 1, 0, 1 })));
        assertEquals(List.of(1), toList(collapse(new int[] { 1, 1, 1 })));
        // uniform over 3 classes, 2 frames, label "1": paths 1-1, 0-1, 1-0 -> 3/9
        double third = Math.log(1.0 / 3);
        Case uniform = new Case(new double[][] { { third, third, third }, { third, third, third } }, new int[] { 1 }, 2);
        assertEquals(-Math.log(3.0 / 9), referenceLoss(uniform), 1e-12);
        // the analytic gradient of the reference agrees with its finite differences
        Case c = randomCase(new Random(3), 4, 4, new int[] { 1, 2 }, 4);
        double[][] g = referenceGradient(c);
        for (int t = 0; t < 4; t++) {
            for (int k = 0; k < 4; k++) {
                double keep = c.logProbs[t][k];
                c.logProbs[t][k] = keep + 1e-6;
                double up = referenceLoss(c);
                c.logProbs[t][k] = keep - 1e-6;
                double down = referenceLoss(c);
                c.logProbs[t][k] = keep;
                assertEquals((up - down) / 2e-6, g[t][k], 1e-6, "t=" + t + " k=" + k);
            }
        }
    }

    // ------------------------------------------------------------------ the loss against the reference

    @Test
    void singleUtteranceMatchesTheReference() {
        check(List.of(randomCase(new Random(1), 5, 4, new int[] { 1, 2 }, 5)));
    }

    @Test
    void repeatedLabelsNeedABlankBetween() {
        check(List.of(randomCase(new Random(2), 4, 3, new int[] { 1, 1 }, 4)));
        check(List.of(randomCase(new Random(3), 5, 3, new int[] { 2, 2, 1 }, 5)));
    }

    @Test
    void labelsAsLongAsTheInputHaveOneAlignment() {
        Case c = randomCase(new Random(4), 3, 4, new int[] { 3, 1, 2 }, 3);
        check(List.of(c));
        double path = c.logProbs[0][3] + c.logProbs[1][1] + c.logProbs[2][2];
        assertEquals(-path / 3, losses(List.of(c))[0], 1e-4);
    }

    @Test
    void singleFrame() {
        check(List.of(randomCase(new Random(5), 1, 3, new int[] { 2 }, 1)));
    }

    @Test
    void batchWithDifferentLengthsIgnoresPaddedFrames() {
        Random r = new Random(6);
        List<Case> batch = List.of(randomCase(r, 5, 4, new int[] { 1, 2, 3 }, 5), randomCase(r, 5, 4, new int[] { 2 }, 3),
                randomCase(r, 5, 4, new int[] { 3, 3 }, 4));
        check(batch); // the reference gradient is 0 beyond an utterance's length: so must autograd's be
        float[] before = losses(batch);
        for (int t = 3; t < 5; t++) {
            java.util.Arrays.fill(batch.get(1).logProbs()[t], -50);
        }
        float[] after = losses(batch);
        assertEquals(before[1], after[1], 1e-6, "the padded frames changed the loss");
    }

    @Test
    void randomCasesMatchTheReference() {
        Random r = new Random(42);
        for (int trial = 0; trial < 12; trial++) {
            int classes = 3 + r.nextInt(2);
            List<Case> batch = new ArrayList<>();
            int frames = 1 + r.nextInt(5);
            int size = 1 + r.nextInt(3);
            for (int b = 0; b < size; b++) {
                int length = 1 + r.nextInt(frames);
                int[] labels = new int[1 + r.nextInt(Math.min(3, length))];
                for (int i = 0; i < labels.length; i++) {
                    labels[i] = 1 + r.nextInt(classes - 1);
                }
                if (TrainingData.minimumFrames(labels) > length) {
                    labels = new int[] { labels[0] };
                }
                batch.add(randomCase(r, frames, classes, labels, length));
            }
            check(batch);
        }
    }

    @Test
    void framesThatAreMostlyBlankMatchTheReference() {
        // a confident model: blank dominates every frame but one per label, as after training
        Case c = randomCase(new Random(8), 6, 3, new int[] { 2, 1 }, 6);
        for (int t = 0; t < 6; t++) {
            double[] row = c.logProbs()[t];
            int peak = t == 1 ? 2 : t == 4 ? 1 : 0;
            for (int k = 0; k < 3; k++) {
                row[k] = k == peak ? (float) Math.log(0.98) : (float) Math.log(0.01);
            }
        }
        check(List.of(c));
        assertTrue(losses(List.of(c))[0] < 0.1, "a near-certain alignment has a small loss");
    }

    @Test
    void longestCasesTheReferenceCanEnumerateMatch() {
        Random r = new Random(9);
        // 3^7 = 2187 paths each; repeated labels, a shorter utterance padded, and a one-frame utterance together
        check(List.of(randomCase(r, 7, 3, new int[] { 1, 1, 2 }, 7), randomCase(r, 7, 3, new int[] { 2, 1, 2 }, 6),
                randomCase(r, 7, 3, new int[] { 2 }, 1), randomCase(r, 7, 3, new int[] { 1 }, 7)));
    }

    @Test
    void sameInputsGiveBitIdenticalLossesAndGradients() {
        Random r = new Random(10);
        List<Case> batch = List.of(randomCase(r, 5, 4, new int[] { 1, 3 }, 5), randomCase(r, 5, 4, new int[] { 2, 2 }, 4));
        org.junit.jupiter.api.Assertions.assertArrayEquals(losses(batch), losses(batch));
        org.junit.jupiter.api.Assertions.assertArrayEquals(autogradGradient(batch), autogradGradient(batch));
    }

    @Test
    void aFrameWhoseProbabilitiesUnderflowIsHandledInLogSpace() {
        // shifting one frame's log-probabilities by c shifts the loss by -c / labels and leaves the gradient alone;
        // exp(-730) underflows the scaled recursion, so this takes the log-space path
        Random r = new Random(11);
        Case plain = randomCase(r, 4, 3, new int[] { 1, 2 }, 4);
        double[][] shifted = new double[4][];
        for (int t = 0; t < 4; t++) {
            shifted[t] = plain.logProbs()[t].clone();
        }
        for (int k = 0; k < 3; k++) {
            shifted[1][k] = (float) (shifted[1][k] - 730);
        }
        Case low = new Case(shifted, plain.labels(), 4);
        assertEquals(losses(List.of(plain))[0] + 730 / 2.0, losses(List.of(low))[0], 1e-3);
        float[] a = autogradGradient(List.of(plain)), b = autogradGradient(List.of(low));
        for (int i = 0; i < a.length; i++) {
            assertEquals(a[i], b[i], 1e-4, "gradient " + i);
        }
    }

    /** Log-probabilities of a model sure of "2" for the first half of the frames and of "1" for the second half. */
    static Case sureOfTheWrongOrder(int frames, double elsewhere) {
        double[][] lp = new double[frames][3];
        for (int t = 0; t < frames; t++) {
            int sure = t < frames / 2 ? 2 : 1;
            for (int k = 0; k < 3; k++) {
                lp[t][k] = k == sure ? (float) -1e-6 : elsewhere;
            }
        }
        return new Case(lp, new int[] { 1, 2 }, frames);
    }

    @Test
    void aModelSureOfTheWrongOrderGetsTheReferenceLossAndGradient() {
        check(List.of(sureOfTheWrongOrder(6, -60)));
    }

    @Test
    void whenForwardAndBackwardProbabilitiesSitOnDifferentStatesThePosteriorsStillSumToOne() {
        // 10 frames sure of the wrong order by e^-200 a frame: the rescaled alphas and betas sit on different states
        // and their per-frame products underflow to 0 (this gave NaN gradients, and skipped training steps, until the
        // log-space recursions took such utterances). The brute-force reference underflows here too; what must hold
        // is that each frame's gradient is minus a posterior distribution over the classes, divided by the labels.
        Case c = sureOfTheWrongOrder(10, -200);
        float loss = losses(List.of(c))[0];
        assertTrue(Float.isFinite(loss) && loss > 100, "loss " + loss);
        float[] g = autogradGradient(List.of(c));
        for (int t = 0; t < 10; t++) {
            double sum = 0;
            for (int k = 0; k < 3; k++) {
                assertTrue(Float.isFinite(g[t * 3 + k]) && g[t * 3 + k] <= 0, "gradient at t=" + t + ": " + g[t * 3 + k]);
                sum += g[t * 3 + k];
            }
            assertEquals(-0.5, sum, 1e-4, "frame " + t);
        }
    }

    @Test
    void minusInfinityInTheLogProbabilitiesDoesNotMakeTheLossNaN() {
        Case c = randomCase(new Random(12), 4, 3, new int[] { 1 }, 4);
        c.logProbs()[2][2] = Double.NEGATIVE_INFINITY; // class 2 is no part of any alignment of "1"
        float[] loss = losses(List.of(c));
        assertTrue(Float.isFinite(loss[0]), "loss " + loss[0]);
        for (float v : autogradGradient(List.of(c))) {
            assertTrue(Float.isFinite(v), "gradient " + v);
        }
        for (float v : trainingGradient(List.of(c))) {
            assertTrue(Float.isFinite(v), "the training step's gradient " + v);
        }
    }

    @Test
    void impossibleAlignmentGivesAHugeFiniteLossAndFiniteGradients() {
        Case c = randomCase(new Random(7), 2, 3, new int[] { 1, 1 }, 2); // needs 3 frames
        float[] loss = losses(List.of(c));
        assertTrue(Float.isFinite(loss[0]) && loss[0] > 1e20, "loss " + loss[0]);
        for (float g : autogradGradient(List.of(c))) {
            assertTrue(Float.isFinite(g), "gradient " + g);
        }
    }

    // ------------------------------------------------------------------ helpers

    /** Loss per utterance and the gradient of the batch mean against the reference and finite differences. */
    static void check(List<Case> batch) {
        float[] losses = losses(batch);
        for (int b = 0; b < batch.size(); b++) {
            double expected = referenceLoss(batch.get(b));
            assertEquals(expected, losses[b], 1e-4 * Math.max(1, Math.abs(expected)), "loss of utterance " + b);
        }
        int frames = batch.get(0).logProbs().length, classes = batch.get(0).logProbs()[0].length;
        float[] autograd = autogradGradient(batch);
        float[] training = trainingGradient(batch);
        float[] numeric = finiteDifferences(batch);
        for (int b = 0; b < batch.size(); b++) {
            double[][] reference = referenceGradient(batch.get(b));
            for (int t = 0; t < frames; t++) {
                for (int k = 0; k < classes; k++) {
                    int i = (b * frames + t) * classes + k;
                    String where = "b=" + b + " t=" + t + " k=" + k;
                    assertEquals(reference[t][k] / batch.size(), autograd[i], 1e-4, "autograd vs reference at " + where);
                    assertEquals(autograd[i], numeric[i], 2e-3, "autograd vs finite differences at " + where);
                    assertEquals(autograd[i], training[i], 1e-6, "the training step's direct backward vs autograd at " + where);
                }
            }
        }
    }

    static float[] losses(List<Case> batch) {
        try (NDManager m = engine.newBaseManager()) {
            return CtcLoss.perUtterance(array(m, batch), labels(batch), lengths(batch)).toFloatArray();
        }
    }

    static float[] autogradGradient(List<Case> batch) {
        try (NDManager m = engine.newBaseManager()) {
            NDArray logProbs = array(m, batch);
            logProbs.setRequiresGradient(true);
            try (GradientCollector gc = engine.newGradientCollector()) {
                NDArray loss = CtcLoss.perUtterance(logProbs, labels(batch), lengths(batch)).mean();
                gc.backward(loss);
            }
            return logProbs.getGradient().toFloatArray();
        }
    }

    /** The gradient as a training step hands it over: {@link CtcLoss#backwardOfMean}, no surrogate. */
    static float[] trainingGradient(List<Case> batch) {
        try (NDManager m = engine.newBaseManager()) {
            NDArray logProbs = array(m, batch);
            logProbs.setRequiresGradient(true);
            try (GradientCollector gc = engine.newGradientCollector()) {
                CtcLoss.OnHost loss = CtcLoss.onHost(logProbs, labels(batch), lengths(batch));
                assertEquals(mean(losses(batch)), loss.mean(), 1e-4 * Math.max(1, Math.abs(loss.mean())), "the mean loss");
                CtcLoss.backwardOfMean(logProbs, loss, m);
            }
            return logProbs.getGradient().toFloatArray();
        }
    }

    /** Central differences of the batch mean loss, in float like the loss itself. */
    static float[] finiteDifferences(List<Case> batch) {
        double eps = 1e-2;
        int frames = batch.get(0).logProbs().length, classes = batch.get(0).logProbs()[0].length;
        float[] g = new float[batch.size() * frames * classes];
        for (int b = 0; b < batch.size(); b++) {
            for (int t = 0; t < frames; t++) {
                for (int k = 0; k < classes; k++) {
                    double[] row = batch.get(b).logProbs()[t];
                    double keep = row[k];
                    row[k] = keep + eps;
                    double up = mean(losses(batch));
                    row[k] = keep - eps;
                    double down = mean(losses(batch));
                    row[k] = keep;
                    g[(b * frames + t) * classes + k] = (float) ((up - down) / (2 * eps));
                }
            }
        }
        return g;
    }

    static double mean(float[] v) {
        double s = 0;
        for (float x : v) {
            s += x;
        }
        return s / v.length;
    }

    static NDArray array(NDManager m, List<Case> batch) {
        int frames = batch.get(0).logProbs().length, classes = batch.get(0).logProbs()[0].length;
        float[] data = new float[batch.size() * frames * classes];
        for (int b = 0; b < batch.size(); b++) {
            for (int t = 0; t < frames; t++) {
                for (int k = 0; k < classes; k++) {
                    data[(b * frames + t) * classes + k] = (float) batch.get(b).logProbs()[t][k];
                }
            }
        }
        return m.create(data, new Shape(batch.size(), frames, classes));
    }

    static int[][] labels(List<Case> batch) {
        return batch.stream().map(Case::labels).toArray(int[][]::new);
    }

    static int[] lengths(List<Case> batch) {
        return batch.stream().mapToInt(Case::length).toArray();
    }

    /** Log-softmax of random logits, rounded to float so that the reference sees what the loss sees. */
    static Case randomCase(Random r, int frames, int classes, int[] labels, int length) {
        double[][] lp = new double[frames][classes];
        for (int t = 0; t < frames; t++) {
            double max = Double.NEGATIVE_INFINITY, sum = 0;
            double[] logits = new double[classes];
            for (int k = 0; k < classes; k++) {
                logits[k] = 2 * r.nextGaussian();
                max = Math.max(max, logits[k]);
            }
            for (int k = 0; k < classes; k++) {
                sum += Math.exp(logits[k] - max);
            }
            for (int k = 0; k < classes; k++) {
                lp[t][k] = (float) (logits[k] - max - Math.log(sum));
            }
        }
        return new Case(lp, labels, length);
    }

    static List<Integer> toList(int[] a) {
        return java.util.Arrays.stream(a).boxed().toList();
    }
}
