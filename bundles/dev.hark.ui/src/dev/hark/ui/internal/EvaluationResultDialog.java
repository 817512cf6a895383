package dev.hark.ui.internal;

import org.eclipse.jface.dialogs.Dialog;
import org.eclipse.jface.dialogs.IDialogConstants;
import org.eclipse.osgi.util.NLS;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Shell;

import dev.hark.protocol.runs.EvaluationRecord;

/** A window (not modal) with one evaluation's result ({@link EvaluationPanel}); Close or Esc closes it. */
public final class EvaluationResultDialog extends Dialog {

    private final String runId;
    private final EvaluationRecord result;
    private EvaluationPanel panel;

    EvaluationResultDialog(Shell shell, String runId, EvaluationRecord result) {
        super(shell);
        this.runId = runId;
        this.result = result;
        setShellStyle(SWT.DIALOG_TRIM | SWT.RESIZE | SWT.MAX | SWT.MODELESS);
        setBlockOnOpen(false);
    }

    /** Opens the result of an evaluation of one of {@code runId}'s checkpoints; returns at once. */
    public static EvaluationResultDialog open(Shell shell, String runId, EvaluationRecord result) {
        EvaluationResultDialog d = new EvaluationResultDialog(shell, runId, result);
        d.open();
        return d;
    }

    @Override
    protected void configureShell(Shell shell) {
        super.configureShell(shell);
        shell.setText(NLS.bind(Messages.Evaluation_title, new Object[] { result.checkpoint(), result.dataset(), runId }));
        Widgets.tag(shell, "evaluation.dialog");
    }

    @Override
    protected Control createDialogArea(Composite parent) {
        Composite area = (Composite) super.createDialogArea(parent);
        panel = new EvaluationPanel(area);
        org.eclipse.jface.layout.GridDataFactory.fillDefaults().grab(true, true).applyTo(panel.control());
        panel.show(result);
        return area;
    }

    @Override
    protected void createButtonsForButtonBar(Composite parent) {
        createButton(parent, IDialogConstants.CANCEL_ID, Messages.Common_close, true);
    }

    @Override
    protected Point getInitialSize() {
        return new Point(1000, 640);
    }

    public EvaluationPanel panel() {
        return panel;
    }
}
