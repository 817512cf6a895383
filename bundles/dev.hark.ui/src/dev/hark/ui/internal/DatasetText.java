package dev.hark.ui.internal;

import java.util.Locale;

import dev.hark.protocol.training.DatasetProgress;
import dev.hark.protocol.training.DatasetStatus;

/** How the Datasets view words the server's dataset job events. */
public final class DatasetText {

    private DatasetText() {
    }

    /** {@code digits: generate 120/200 (60 %)}. */
    public static String progress(DatasetProgress p) {
        String done = p.total() > 0 ? p.done() + "/" + p.total() : Long.toString(p.done());
        String percent = p.fraction() == null ? "" : String.format(Locale.ROOT, " (%.0f %%)", 100 * p.fraction());
        return p.datasetName() + ": " + p.phase() + " " + done + percent;
    }

    /** 0..1 for the progress bar; -1 when unknown. */
    public static double fraction(DatasetProgress p) {
        if (p.fraction() != null) {
            return p.fraction();
        }
        return p.total() > 0 ? Math.min(1.0, (double) p.done() / p.total()) : -1;
    }

    /** {@code digits: downloaded - message}. */
    public static String status(DatasetStatus s) {
        return s.datasetName() + ": " + s.status() + (s.message() == null || s.message().isEmpty() ? "" : " - " + s.message());
    }
}
