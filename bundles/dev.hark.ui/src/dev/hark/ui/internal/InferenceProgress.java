package dev.hark.ui.internal;

import java.util.concurrent.atomic.AtomicBoolean;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.GridLayoutFactory;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.ProgressBar;

import dev.hark.core.services.ServerApi;

/**
 * The progress row of a file inference: a bar, a line saying what is happening ("Decoding 120 s of 600 s") and
 * a Cancel button. {@link #begin} hands out the {@link ServerApi.InferenceProgress} for one run: its reports
 * (on the job's thread, a few a second) are coalesced onto the UI thread by a {@link UiThrottle}; Cancel (or
 * the job's own cancel in the Progress view) makes it say cancelled, which ends the call and the server's work.
 */
public final class InferenceProgress {

    private final Composite row;
    private final ProgressBar bar;
    private final Label text;
    private final Button cancel;
    private final UiThrottle throttle;
    private volatile Run current;
    // the latest report, read by repaint()
    private volatile double done = -1;
    private volatile double total;

    public InferenceProgress(Composite parent) {
        row = new Composite(parent, SWT.NONE);
        GridLayoutFactory.fillDefaults().numColumns(3).applyTo(row);
        bar = Widgets.tag(new ProgressBar(row, SWT.HORIZONTAL | SWT.SMOOTH), "inference.progress");
        bar.setMaximum(1000);
        GridDataFactory.fillDefaults().grab(true, false).hint(120, SWT.DEFAULT).applyTo(bar);
        cancel = Widgets.tag(new Button(row, SWT.PUSH), "inference.cancel");
        cancel.setText(Messages.Inference_cancel);
        cancel.setEnabled(false);
        cancel.addListener(SWT.Selection, e -> cancel());
        text = Widgets.tag(new Label(row, SWT.WRAP), "inference.progressText");
        GridDataFactory.fillDefaults().grab(true, false).hint(100, SWT.DEFAULT).applyTo(text);
        throttle = new UiThrottle(bar, this::repaint);
    }

    public Composite control() {
        return row;
    }

    /** A run starts: the bar is empty, Cancel enabled. Call on the UI thread. */
    public ServerApi.InferenceProgress begin(IProgressMonitor[] monitor) {
        Run run = new Run(monitor);
        current = run;
        done = -1;
        total = 0;
        bar.setSelection(0);
        text.setText(Messages.Inference_preparing);
        cancel.setEnabled(true);
        row.layout(true);
        return run;
    }

    /** The run ended (result, failure or cancel): Cancel is disabled, the text says {@code outcome}. UI thread. */
    public void end(String outcome) {
        current = null;
        cancel.setEnabled(false);
        text.setText(outcome);
        row.layout(true);
    }

    /** True when the user cancelled the current run. */
    public boolean cancelled() {
        Run r = current;
        return r != null && r.cancelled.get();
    }

    private void cancel() {
        Run r = current;
        if (r != null) {
            r.cancelled.set(true);
            cancel.setEnabled(false);
            text.setText(Messages.Inference_cancelling);
        }
    }

    private void repaint() {
        if (current == null || current.cancelled.get() || done < 0) {
            return;
        }
        bar.setSelection(total <= 0 ? 0 : (int) Math.round(1000 * Math.min(1, done / total)));
        text.setText(InferenceText.progress(done, total));
    }

    /** One run's link to the bar; the monitor (set by the job) lets the Progress view's cancel count too. */
    private final class Run implements ServerApi.InferenceProgress {
        final AtomicBoolean cancelled = new AtomicBoolean();
        final IProgressMonitor[] monitor;

        Run(IProgressMonitor[] monitor) {
            this.monitor = monitor;
        }

        @Override
        public void decoded(double doneSeconds, double totalSeconds) {
            if (current == this) {
                done = doneSeconds;
                total = totalSeconds;
                throttle.request();
            }
        }

        @Override
        public boolean cancelled() {
            IProgressMonitor m = monitor[0];
            return cancelled.get() || m != null && m.isCanceled();
        }
    }
}
