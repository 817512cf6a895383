package dev.hark.protocol.runs;

import java.util.Objects;

/**
 * A checkpoint of a training run as every source describes it (the runs view's checkpoint table, {@code hark runs}):
 * {@code name} is what it is used by (a model name the server accepts wherever a model is named), {@code step} the
 * global step it was saved at. Metrics are {@code NaN} when not known: {@code valLoss}, {@code cer} and {@code wer}
 * are its validation's (NaN when the epoch had none), {@code evalWer} and {@code evalCer} an evaluation's (JSON
 * {@code eval_wer}, {@code eval_cer}; NaN until the checkpoint is evaluated). {@code savedAt} is an ISO-8601 instant,
 * or empty when not known.
 *
 * @since 1.1
 */
public record CheckpointInfo(String name, int epoch, long step, double valLoss, double cer, double wer, String savedAt,
        double evalWer, double evalCer) {

    public CheckpointInfo {
        Objects.requireNonNull(name, "name");
        savedAt = savedAt == null ? "" : savedAt;
    }

    /** A Hark server's checkpoint: its client name, unmeasured metrics as NaN, not evaluated. */
    public static CheckpointInfo of(RunCheckpoint c) {
        return new CheckpointInfo(c.name() != null ? c.name() : c.folder(), c.epoch(), c.globalStep(), value(c.valLoss()),
                value(c.cer()), value(c.wer()), c.savedAt(), Double.NaN, Double.NaN);
    }

    /** This checkpoint with an evaluation's word and character error rates. */
    public CheckpointInfo withEvaluation(double newEvalWer, double newEvalCer) {
        return new CheckpointInfo(name, epoch, step, valLoss, cer, wer, savedAt, newEvalWer, newEvalCer);
    }

    /** Whether an evaluation's numbers are attached. */
    public boolean evaluated() {
        return !Double.isNaN(evalWer) || !Double.isNaN(evalCer);
    }

    private static double value(Double d) {
        return d == null ? Double.NaN : d;
    }
}
