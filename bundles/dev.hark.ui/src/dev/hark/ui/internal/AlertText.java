package dev.hark.ui.internal;

import org.eclipse.osgi.util.NLS;

import dev.hark.core.runs.RunAlert;

/** A run alert's title and message in the UI language (numbers as the chart shows them). */
public final class AlertText {

    private AlertText() {
    }

    public static String title(RunAlert a) {
        String template = switch (a.kind()) {
            case NON_FINITE -> Messages.Alert_titleNonFinite;
            case NOT_IMPROVING -> Messages.Alert_titleNotImproving;
            case FINISHED -> Messages.Alert_titleFinished;
            case STOPPED -> Messages.Alert_titleStopped;
            case FAILED -> Messages.Alert_titleFailed;
        };
        return NLS.bind(template, a.runName());
    }

    /** What happened and where the run comes from. */
    public static String message(RunAlert a, int patience) {
        String what = switch (a.kind()) {
            case NON_FINITE -> NLS.bind(Messages.Alert_nonFinite, new Object[] { a.tag(), number(a.value()), Long.toString(a.step()) });
            case NOT_IMPROVING -> NLS.bind(Messages.Alert_notImproving,
                    new Object[] { a.tag(), number(a.value()), Integer.toString(patience), Long.toString(a.step()) });
            case FINISHED -> Messages.Alert_finished;
            case STOPPED -> Messages.Alert_stopped;
            case FAILED -> a.detail().isBlank() ? Messages.Alert_failedNoReason : NLS.bind(Messages.Alert_failed, a.detail());
        };
        return what + "\n" + NLS.bind(Messages.Alert_source, a.run().source());
    }

    static String number(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "+Inf" : "-Inf";
        }
        return String.format(java.util.Locale.ROOT, "%.4g", v);
    }
}
