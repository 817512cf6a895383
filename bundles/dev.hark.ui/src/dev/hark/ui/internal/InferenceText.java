package dev.hark.ui.internal;

import java.util.Locale;

import org.eclipse.osgi.util.NLS;

/** File inference's progress wording, apart from its widgets (tested without a display). */
public final class InferenceText {

    private InferenceText() {
    }

    /** "Decoding: 120 s of 600 s (20 %)" in the UI language. */
    public static String progress(double done, double total) {
        long percent = total <= 0 ? 0 : Math.round(100 * Math.min(1, done / total));
        return NLS.bind(Messages.Inference_decoding, new Object[] { String.format(Locale.ROOT, "%.0f", done),
                String.format(Locale.ROOT, "%.0f", total), percent });
    }
}
