package dev.hark.engine.ctc.train;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;

/**
 * Adam whose state (first and second moments per parameter, and the step count) can be saved with a checkpoint
 * and restored on resume; DJL's own Adam keeps it private. The update itself is the engine's fused Adam kernel,
 * as DJL's Adam calls it.
 */
final class ResumableAdam {

    private static final float BETA1 = 0.9f;
    private static final float BETA2 = 0.999f;
    private static final float EPSILON = 1e-8f;

    private final List<Parameter> parameters;
    private final NDArray[] means;
    private final NDArray[] variances;
    private final float clipGradient;
    private long steps;

    ResumableAdam(List<Parameter> parameters, float clipGradient) {
        this.parameters = List.copyOf(parameters);
        this.means = new NDArray[parameters.size()];
        this.variances = new NDArray[parameters.size()];
        this.clipGradient = clipGradient;
        for (int i = 0; i < parameters.size(); i++) {
            NDArray w = parameters.get(i).getArray();
            means[i] = w.zerosLike();
            variances[i] = w.zerosLike();
        }
    }

    /** The first moment (Adam's running mean of the gradients) of parameter {@code i}: for tests. */
    NDArray firstMoment(int i) {
        return means[i];
    }

    long steps() {
        return steps;
    }

    /**
     * Whether every gradient the last backward pass left is finite. One NaN or infinity applied by {@link #step}
     * makes every weight NaN for good (seen in CI: a run whose every later batch came out NaN), so a step whose
     * gradients are not finite is skipped instead, and {@link #clearGradients} must then clear them. One reduction
     * per parameter and a single read back to the host; every array made here (the gradient handles too) belongs
     * to {@code scope}.
     */
    boolean gradientsFinite(NDManager scope) {
        NDArray total = null;
        for (Parameter p : parameters) {
            NDArray s = gradient(p, scope).sum();
            total = total == null ? s : total.add(s);
        }
        return total == null || Float.isFinite(total.getFloat());
    }

    /**
     * Sets every parameter's gradient to zero, NaN and infinity included. The engine accumulates gradients across
     * backward passes, and DJL's {@code GradientCollector.zeroGradients} clears them by subtracting each gradient from
     * itself, which leaves NaN as NaN (and infinity as NaN): after one skipped step with a non-finite gradient, every
     * later backward pass added to NaN and every later step was skipped too (the run of 7 updates and then only NaN).
     * It also walks every array of the process and leaves two native handles behind per parameter and call. An
     * update ({@link #step}) clears the gradients itself (the engine's Adam kernel zeroes them); a skipped step calls
     * this.
     */
    void clearGradients() {
        for (Parameter p : parameters) {
            JniUtils.zeroGrad((PtNDArray) p.getArray());
        }
    }

    /**
     * Applies one update with learning rate {@code lr} from the gradients the last backward pass left, each gradient
     * value first clipped to {@code [-clip, clip]} (DJL's Adam kernel clips only from above: a large negative value
     * passed unclipped, and enough of them overflowed the first moment to -infinity and the update to NaN), then
     * clears the gradients. The clipped copies belong to {@code scope}.
     */
    void step(float lr, NDManager scope) {
        steps++;
        double correction1 = 1 - Math.pow(BETA1, steps);
        double correction2 = 1 - Math.pow(BETA2, steps);
        float corrected = (float) (lr * Math.sqrt(correction2) / correction1);
        for (int i = 0; i < parameters.size(); i++) {
            NDArray w = parameters.get(i).getArray();
            NDArray grad = gradient(parameters.get(i), scope).clip(-clipGradient, clipGradient);
            w.getNDArrayInternal().adamUpdate(new NDList(w, grad, means[i], variances[i]), new NDList(w), lr, corrected, 0f, 1f,
                    -1f, BETA1, BETA2, EPSILON, true, false);
        }
    }

    /** The parameter's gradient as a handle owned by {@code scope} (each call makes a new native handle). */
    private static NDArray gradient(Parameter p, NDManager scope) {
        NDArray g = p.getArray().getGradient();
        g.attach(scope);
        return g;
    }

    void save(OutputStream out) throws IOException {
        NDList all = new NDList();
        for (NDArray m : means) {
            all.add(m);
        }
        for (NDArray v : variances) {
            all.add(v);
        }
        java.io.DataOutputStream data = new java.io.DataOutputStream(out);
        data.writeLong(steps);
        data.flush();
        all.encode(out);
    }

    void load(NDManager manager, InputStream in) throws IOException {
        java.io.DataInputStream data = new java.io.DataInputStream(in);
        long saved = data.readLong();
        NDList all = NDList.decode(manager, in);
        if (all.size() != 2 * parameters.size()) {
            throw new IOException("optimizer state has " + all.size() / 2 + " parameters, the model " + parameters.size());
        }
        for (int i = 0; i < parameters.size(); i++) {
            if (!all.get(i).getShape().equals(means[i].getShape())) {
                throw new IOException("optimizer state does not fit parameter " + parameters.get(i).getName());
            }
            means[i].close();
            variances[i].close();
            means[i] = all.get(i);
            variances[i] = all.get(parameters.size() + i);
        }
        steps = saved;
    }
}
