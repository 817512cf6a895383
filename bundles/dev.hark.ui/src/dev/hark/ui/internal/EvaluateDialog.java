package dev.hark.ui.internal;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.jface.dialogs.IDialogConstants;
import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.GridLayoutFactory;
import org.eclipse.osgi.util.NLS;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.ProgressBar;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Spinner;
import org.eclipse.swt.widgets.Text;

import dev.hark.core.services.EvaluationService;
import dev.hark.protocol.runs.EvaluationRecord;
import dev.hark.protocol.runs.EvaluationRequest;

/**
 * "Evaluate…" a run's checkpoint on the server: dataset (the run's by default), split (validation or all) and a limit.
 * Evaluate starts it on the server and follows it in a background Job ({@code Hark: evaluate …}, its progress in
 * the Job's monitor and in the dialog's bar); Cancel (or Esc, or closing the dialog) while it runs cancels it on the
 * server. When it ends the result opens in an {@link EvaluationResultDialog}. Errors (a bad dataset name, a busy
 * server) are shown in the dialog, under the fields. Every field has a mnemonic; Enter evaluates.
 */
public final class EvaluateDialog extends HarkDialog {

    private final EvaluationService service;
    private final String runId;
    private final String checkpoint;
    private final String defaultDataset;
    private Text dataset;
    private Combo split;
    private Spinner limit;
    private ProgressBar bar;
    private Label message;
    private Job job;
    private org.eclipse.swt.widgets.Display display;

    EvaluateDialog(Shell shell, EvaluationService service, String runId, String checkpoint, String defaultDataset) {
        super(shell);
        this.service = service;
        this.runId = runId;
        this.checkpoint = checkpoint;
        this.defaultDataset = defaultDataset == null ? "" : defaultDataset;
        setShellStyle(getShellStyle() | SWT.RESIZE);
    }

    /** Opens the dialog for one checkpoint of a server run (the Runs view's checkpoint action); returns at once. */
    public static EvaluateDialog open(Shell shell, EvaluationService service, String runId, String checkpoint, String defaultDataset) {
        EvaluateDialog d = new EvaluateDialog(shell, service, runId, checkpoint, defaultDataset);
        d.setBlockOnOpen(false);
        d.open();
        return d;
    }

    @Override
    protected void configureShell(Shell shell) {
        super.configureShell(shell);
        shell.setText(Messages.Evaluate_title);
        Widgets.tag(shell, "evaluate.dialog");
    }

    @Override
    protected Control createDialogArea(Composite parent) {
        Composite area = (Composite) super.createDialogArea(parent);
        Composite form = new Composite(area, SWT.NONE);
        GridLayoutFactory.swtDefaults().numColumns(2).applyTo(form);
        GridDataFactory.fillDefaults().grab(true, true).applyTo(form);
        new Label(form, SWT.NONE).setText(Messages.Evaluate_run);
        Widgets.tag(new Label(form, SWT.NONE), "evaluate.run").setText(runId);
        new Label(form, SWT.NONE).setText(Messages.Evaluate_checkpoint);
        Widgets.tag(new Label(form, SWT.NONE), "evaluate.checkpoint").setText(checkpoint);
        new Label(form, SWT.NONE).setText(Messages.Evaluate_dataset);
        dataset = Widgets.tag(new Text(form, SWT.BORDER | SWT.SINGLE), "evaluate.dataset");
        dataset.setText(defaultDataset);
        GridDataFactory.fillDefaults().grab(true, false).hint(260, SWT.DEFAULT).applyTo(dataset);
        new Label(form, SWT.NONE).setText(Messages.Evaluate_split);
        split = Widgets.tag(new Combo(form, SWT.READ_ONLY), "evaluate.split");
        split.setItems(Messages.Evaluate_splitValidation, Messages.Evaluate_splitAll);
        split.select(0);
        new Label(form, SWT.NONE).setText(Messages.Evaluate_limit);
        Composite limitRow = new Composite(form, SWT.NONE);
        GridLayoutFactory.fillDefaults().numColumns(2).applyTo(limitRow);
        limit = Widgets.tag(new Spinner(limitRow, SWT.BORDER), "evaluate.limit");
        limit.setValues(0, 0, 5000, 0, 1, 50);
        new Label(limitRow, SWT.NONE).setText(Messages.Evaluate_limitHint);
        bar = Widgets.tag(new ProgressBar(form, SWT.HORIZONTAL | SWT.SMOOTH), "evaluate.progress");
        GridDataFactory.fillDefaults().span(2, 1).grab(true, false).applyTo(bar);
        message = Widgets.tag(new Label(form, SWT.WRAP), "evaluate.message");
        GridDataFactory.fillDefaults().span(2, 1).grab(true, false).hint(420, SWT.DEFAULT).applyTo(message);
        return area;
    }

    @Override
    protected void createButtonsForButtonBar(Composite parent) {
        Widgets.tag(createButton(parent, IDialogConstants.OK_ID, Messages.Evaluate_start, true), "evaluate.start");
        Widgets.tag(createButton(parent, IDialogConstants.CANCEL_ID, Messages.Common_cancel, false), "evaluate.cancel");
    }

    @Override
    protected void okPressed() {
        String name = dataset.getText().strip();
        if (name.isEmpty()) {
            say(Messages.Evaluate_noDataset);
            dataset.setFocus();
            return;
        }
        EvaluationRequest request = new EvaluationRequest(checkpoint, name,
                split.getSelectionIndex() == 1 ? EvaluationRequest.ALL : EvaluationRequest.VALIDATION, limit.getSelection());
        display = getShell().getDisplay();
        setRunning(true);
        say(Messages.Evaluate_starting);
        Shell owner = getParentShell();
        job = Job.create(NLS.bind(Messages.Evaluate_job, checkpoint), monitor -> {
            try {
                EvaluationRecord result = evaluate(request, monitor);
                ui(() -> finished(owner, result));
            } catch (Exception e) {
                String why = e instanceof InterruptedException ? Messages.Evaluation_cancelled : ErrorText.message(e);
                ui(() -> failed(why));
            } finally {
                monitor.done();
            }
            return Status.OK_STATUS;
        });
        job.setUser(false);
        job.schedule();
    }

    private EvaluationRecord evaluate(EvaluationRequest request, IProgressMonitor monitor) throws Exception {
        EvaluationRecord started = service.start(runId, request);
        monitor.beginTask(NLS.bind(Messages.Evaluate_job, checkpoint), Math.max(1, started.total()));
        int[] worked = { 0 };
        return service.follow(runId, started.id(), r -> {
            monitor.worked(r.done() - worked[0]);
            worked[0] = r.done();
            monitor.subTask(EvaluationText.progress(r));
            ui(() -> progress(r));
        }, monitor::isCanceled);
    }

    /** Runs {@code r} on the UI thread (the display the dialog was opened on), unless the workbench is gone. */
    private void ui(Runnable r) {
        if (!display.isDisposed()) {
            display.asyncExec(r);
        }
    }

    private void progress(EvaluationRecord r) {
        if (bar != null && !bar.isDisposed()) {
            bar.setMaximum(Math.max(1, r.total()));
            bar.setSelection(r.done());
            say(EvaluationText.progress(r));
        }
    }

    private void finished(Shell owner, EvaluationRecord result) {
        job = null;
        if (getShell() != null && !getShell().isDisposed()) {
            super.okPressed();
        }
        if (owner != null && !owner.isDisposed()) {
            EvaluationResultDialog.open(owner, runId, result);
        }
    }

    private void failed(String why) {
        job = null;
        if (getShell() != null && !getShell().isDisposed()) {
            setRunning(false);
            say(why);
        }
    }

    private void setRunning(boolean running) {
        getButton(IDialogConstants.OK_ID).setEnabled(!running);
        dataset.setEnabled(!running);
        split.setEnabled(!running);
        limit.setEnabled(!running);
        getButton(IDialogConstants.CANCEL_ID).setText(running ? Messages.Evaluate_cancelRunning : Messages.Common_cancel);
        getButton(IDialogConstants.CANCEL_ID).getParent().layout(true);
    }

    /** Cancel while it runs cancels the evaluation (the Job follows it to its end and shows what it scored). */
    @Override
    protected void cancelPressed() {
        if (job != null) {
            job.cancel();
            say(Messages.Evaluate_cancelling);
            getButton(IDialogConstants.CANCEL_ID).setEnabled(false);
            return;
        }
        super.cancelPressed();
    }

    @Override
    protected void handleShellCloseEvent() {
        cancelPressed();
    }

    private void say(String text) {
        message.setText(text);
        message.getParent().layout(true);
    }
}
