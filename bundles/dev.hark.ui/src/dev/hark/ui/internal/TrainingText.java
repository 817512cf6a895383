package dev.hark.ui.internal;

import java.util.Locale;

import org.eclipse.osgi.util.NLS;

import dev.hark.protocol.training.TrainingProgress;

/** How the Training view words a progress record (no widgets: tests read it directly). */
public final class TrainingText {

    private TrainingText() {
    }

    /** The progress line: epoch, step, loss, learning rate, throughput and ETA; "-" for what is unknown. */
    public static String progress(TrainingProgress p) {
        return NLS.bind(Messages.Training_progress, new Object[] { Integer.toString(p.epoch()), Integer.toString(p.totalEpochs()),
                Long.toString(p.step()), Long.toString(p.totalSteps()), num(p.loss(), "%.4f"), num(p.learningRate(), "%.2e"),
                num(p.audioSecondsPerSecond(), "%.0f"), eta(p.etaSeconds()) });
    }

    /** {@code m:ss}, or "-". */
    public static String eta(Double seconds) {
        if (seconds == null || !Double.isFinite(seconds) || seconds < 0) {
            return "-";
        }
        long s = Math.round(seconds);
        return String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }

    static String num(Double v, String format) {
        return v == null || !Double.isFinite(v) ? "-" : String.format(Locale.ROOT, format, v);
    }

    /** Progress bar position out of 1000. */
    public static int permille(TrainingProgress p) {
        return (int) Math.round(1000 * p.fraction());
    }
}
