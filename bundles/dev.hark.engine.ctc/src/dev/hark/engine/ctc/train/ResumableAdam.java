package dev.hark.engine.ctc.train;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.FloatBuffer;
import java.util.List;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;

/**
 * Adam whose state (first and second moments per parameter, and the step count) can be saved with a checkpoint and
 * restored on resume; DJL's own Adam keeps it private.
 * <p>
 * The update runs on the host, over every parameter in one pass, reading each gradient and writing each weight
 * through a direct buffer on the engine's own memory (no copies into new tensors). DJL's Adam kernel was one call
 * per parameter tensor of about ten engine operations each, each allocating its result, plus a clip and a finiteness
 * reduction per tensor before it: 12 % of a step in the profile (docs/benchmarks.md), more than the arithmetic of
 * 242,065 parameters costs in a loop. The formula is the kernel's: gradients clipped to {@code [-clip, clip]}, moments
 * {@code m = b1 m + (1 - b1) g}, {@code v = b2 v + (1 - b2) g^2}, weight {@code w -= lr sqrt(1 - b2^t) / (1 - b1^t) m
 * / (sqrt(v) + eps)}.
 */
final class ResumableAdam {

    private static final float BETA1 = 0.9f;
    private static final float BETA2 = 0.999f;
    private static final float EPSILON = 1e-8f;

    private final List<Parameter> parameters;
    private final float[][] means;
    private final float[][] variances;
    /** Each parameter's gradient of the step being taken, read once from the engine. */
    private final float[][] gradients;
    /** Scratch for a parameter's weights. */
    private final float[][] weights;
    private final float clipGradient;
    private long steps;
    /** Whether {@link #checkWritesThrough} passed for every parameter (on the first step). */
    private boolean checked;

    ResumableAdam(List<Parameter> parameters, float clipGradient) {
        this.parameters = List.copyOf(parameters);
        int n = parameters.size();
        this.means = new float[n][];
        this.variances = new float[n][];
        this.gradients = new float[n][];
        this.weights = new float[n][];
        this.clipGradient = clipGradient;
        for (int i = 0; i < n; i++) {
            int size = Math.toIntExact(parameters.get(i).getArray().size());
            means[i] = new float[size];
            variances[i] = new float[size];
            gradients[i] = new float[size];
            weights[i] = new float[size];
        }
    }

    /** The first moment (Adam's running mean of the gradients) of parameter {@code i}: for tests. */
    float[] firstMoment(int i) {
        return means[i].clone();
    }

    long steps() {
        return steps;
    }

    /**
     * Takes one step with learning rate {@code lr} from the gradients the last backward pass left, unless one of them
     * is not finite: one NaN or infinity applied makes every weight NaN for good (seen in CI: a run whose every later
     * batch came out NaN), so such a step is skipped and the weights are kept. Either way the gradients are zero
     * afterwards (the engine adds each backward pass to what is there; DJL's {@code GradientCollector.zeroGradients}
     * clears them by subtracting each from itself, which leaves NaN as NaN, and walks every array of the process).
     *
     * @return whether the step was taken (false: a gradient was not finite)
     */
    boolean step(float lr, NDManager scope) {
        boolean finite = true;
        for (int i = 0; i < parameters.size(); i++) {
            PtNDArray w = (PtNDArray) parameters.get(i).getArray();
            NDArray gradient = w.getGradient(); // a new handle per call
            gradient.attach(scope);
            float[] g = gradients[i];
            view((PtNDArray) gradient).get(g);
            JniUtils.zeroGrad(w);
            finite &= allFinite(g);
        }
        if (!finite) {
            return false;
        }
        if (!checked) {
            for (Parameter p : parameters) {
                checkWritesThrough((PtNDArray) p.getArray());
            }
            checked = true;
        }
        steps++;
        double correction1 = 1 - Math.pow(BETA1, steps);
        double correction2 = 1 - Math.pow(BETA2, steps);
        float corrected = (float) (lr * Math.sqrt(correction2) / correction1);
        for (int i = 0; i < parameters.size(); i++) {
            FloatBuffer view = view((PtNDArray) parameters.get(i).getArray());
            float[] w = weights[i];
            view.get(0, w);
            update(w, gradients[i], means[i], variances[i], corrected, clipGradient);
            view.put(0, w);
        }
        return true;
    }

    /** One parameter's update, in place: see the class comment. */
    static void update(float[] w, float[] g, float[] m, float[] v, float corrected, float clip) {
        for (int k = 0; k < w.length; k++) {
            float gk = Math.max(-clip, Math.min(clip, g[k]));
            float mk = BETA1 * m[k] + (1 - BETA1) * gk;
            float vk = BETA2 * v[k] + (1 - BETA2) * gk * gk;
            m[k] = mk;
            v[k] = vk;
            w[k] -= corrected * mk / ((float) Math.sqrt(vk) + EPSILON);
        }
    }

    private static boolean allFinite(float[] values) {
        float sum = 0;
        for (float x : values) {
            sum += x * 0f; // 0 for every finite x, NaN for NaN and either infinity
        }
        return sum == 0f;
    }

    /** The engine's memory of a contiguous float tensor on the CPU as a buffer (no copy: see {@link #checkWritesThrough}). */
    private static FloatBuffer view(PtNDArray array) {
        return JniUtils.getByteBuffer(array, true).asFloatBuffer();
    }

    /**
     * Fails unless writing {@code w}'s {@link #view} changes {@code w}: for a tensor that is not contiguous DJL quietly
     * hands over a buffer on a contiguous copy, and updates written there would be lost. (A gradient read from such a
     * copy would still be right.) Flips the lowest bit of the first value and back.
     */
    static void checkWritesThrough(PtNDArray w) {
        FloatBuffer v = view(w);
        int bits = Float.floatToRawIntBits(v.get(0));
        v.put(0, Float.intBitsToFloat(bits ^ 1));
        int seen = Float.floatToRawIntBits(w.toFloatArray()[0]);
        v.put(0, Float.intBitsToFloat(bits));
        if (seen != (bits ^ 1)) {
            throw new IllegalStateException("a parameter of shape " + w.getShape() + " is not contiguous: Adam's updates would be lost");
        }
    }

    /** Writes the step count and the moments (as engine arrays: the format older checkpoints have). */
    void save(OutputStream out) throws IOException {
        try (NDManager temporary = parameters.get(0).getArray().getManager().newSubManager()) {
            NDList all = new NDList();
            for (int i = 0; i < means.length; i++) {
                all.add(temporary.create(means[i], parameters.get(i).getArray().getShape()));
            }
            for (int i = 0; i < variances.length; i++) {
                all.add(temporary.create(variances[i], parameters.get(i).getArray().getShape()));
            }
            DataOutputStream data = new DataOutputStream(out);
            data.writeLong(steps);
            data.flush();
            all.encode(out);
        }
    }

    void load(NDManager manager, InputStream in) throws IOException {
        long saved = new DataInputStream(in).readLong();
        try (NDManager temporary = manager.newSubManager()) {
            NDList all = NDList.decode(temporary, in);
            if (all.size() != 2 * parameters.size()) {
                throw new IOException("optimizer state has " + all.size() / 2 + " parameters, the model " + parameters.size());
            }
            for (int i = 0; i < parameters.size(); i++) {
                if (!all.get(i).getShape().equals(parameters.get(i).getArray().getShape())
                        || !all.get(parameters.size() + i).getShape().equals(parameters.get(i).getArray().getShape())) {
                    throw new IOException("optimizer state does not fit parameter " + parameters.get(i).getName());
                }
            }
            for (int i = 0; i < parameters.size(); i++) {
                means[i] = all.get(i).toFloatArray();
                variances[i] = all.get(parameters.size() + i).toFloatArray();
            }
        }
        steps = saved;
    }
}
