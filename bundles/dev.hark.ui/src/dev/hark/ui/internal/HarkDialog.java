package dev.hark.ui.internal;

import org.eclipse.jface.dialogs.Dialog;
import org.eclipse.jface.dialogs.IDialogConstants;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Shell;

/** A JFace dialog whose OK and Cancel buttons speak the UI language (JFace's own labels follow the OS locale). */
public abstract class HarkDialog extends Dialog {

    protected HarkDialog(Shell shell) {
        super(shell);
    }

    @Override
    protected void createButtonsForButtonBar(Composite parent) {
        createButton(parent, IDialogConstants.OK_ID, Messages.Common_ok, true);
        createButton(parent, IDialogConstants.CANCEL_ID, Messages.Common_cancel, false);
    }
}
