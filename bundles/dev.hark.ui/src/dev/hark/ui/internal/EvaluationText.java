package dev.hark.ui.internal;

import java.util.Locale;

import org.eclipse.osgi.util.NLS;

import dev.hark.protocol.runs.EvaluationFigures;
import dev.hark.protocol.runs.EvaluationRecord;
import dev.hark.protocol.runs.EvaluationUtterance;

/** How an evaluation's figures read in the evaluation views: rates as percentages, latencies in ms, "–" for none. */
public final class EvaluationText {

    private EvaluationText() {
    }

    /** A rate as a percentage with one decimal ({@code 0.235} → {@code 23.5 %}). */
    public static String percent(double rate) {
        return String.format(Locale.ROOT, "%.1f %%", rate * 100);
    }

    public static String millis(Double ms) {
        return ms == null ? "\u2013" : String.format(Locale.ROOT, "%.0f", ms);
    }

    public static String millis(Long ms) {
        return ms == null ? "\u2013" : Long.toString(ms);
    }

    /** The summary line: WER, CER, utterances, failed, latency percentiles, and the status when it did not complete. */
    public static String summary(EvaluationRecord r) {
        EvaluationFigures f = r.summary();
        String figures = f == null ? Messages.Evaluation_noFigures
                : NLS.bind(Messages.Evaluation_summary, new Object[] { percent(f.wer()), percent(f.cer()), f.utterances(), f.failed(),
                        millis(f.firstPartialP50Ms()) + " / " + millis(f.firstPartialP95Ms()), millis(f.finalP50Ms()) + " / "
                                + millis(f.finalP95Ms()) });
        return EvaluationRecord.COMPLETED.equals(r.status()) ? figures : figures + "  \u2014  " + status(r);
    }

    /** The status in words, with the reason of a failure. */
    public static String status(EvaluationRecord r) {
        String s = switch (r.status() == null ? "" : r.status()) {
            case EvaluationRecord.RUNNING -> Messages.Evaluation_running;
            case EvaluationRecord.COMPLETED -> Messages.Evaluation_completed;
            case EvaluationRecord.CANCELLED -> Messages.Evaluation_cancelled;
            default -> Messages.Evaluation_failed;
        };
        return r.reason() == null || r.reason().isBlank() || EvaluationRecord.CANCELLED.equals(r.status()) ? s : s + ": " + r.reason();
    }

    /** Progress while it runs: done of total and the WER so far. */
    public static String progress(EvaluationRecord r) {
        return NLS.bind(Messages.Evaluate_progress, new Object[] { r.done(), r.total(),
                r.summary() == null ? "\u2013" : percent(r.summary().wer()) });
    }

    /** The word error rate of one utterance (edits over reference words; 1 when it had no reference words but edits). */
    public static double wer(EvaluationUtterance u) {
        return u.referenceWords() == 0 ? (u.wordEdits() == 0 ? 0 : 1) : (double) u.wordEdits() / u.referenceWords();
    }
}
