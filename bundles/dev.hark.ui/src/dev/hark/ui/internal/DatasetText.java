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
        return p.datasetName() + ": " + phase(p.phase()) + " " + done + percent;
    }

    /** A dataset's state ({@code downloaded}, {@code not_downloaded}, ...) in the UI language; an unknown one as it came. */
    public static String state(String status) {
        return status == null ? "" : switch (status) {
            case "downloaded" -> Messages.DatasetState_downloaded;
            case "not_downloaded" -> Messages.DatasetState_not_downloaded;
            case "downloading" -> Messages.DatasetState_downloading;
            case "generating" -> Messages.DatasetState_generating;
            case "failed" -> Messages.DatasetState_failed;
            default -> status;
        };
    }

    /** A job's phase ({@code generate}, {@code download}, ...) in the UI language; an unknown one as it came. */
    public static String phase(String phase) {
        return phase == null ? "" : switch (phase) {
            case "generate" -> Messages.DatasetPhase_generate;
            case "verify" -> Messages.DatasetPhase_verify;
            case "download" -> Messages.DatasetPhase_download;
            case "extract" -> Messages.DatasetPhase_extract;
            default -> phase;
        };
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
        return s.datasetName() + ": " + state(s.status()) + (s.message() == null || s.message().isEmpty() ? "" : " - " + s.message());
    }
}
