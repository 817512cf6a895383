package dev.hark.app.handlers;

import org.eclipse.e4.core.di.annotations.Execute;
import org.eclipse.e4.ui.workbench.IWorkbench;

/** File &gt; Quit (Ctrl+Q). */
public class QuitHandler {

    @Execute
    public void quit(IWorkbench workbench) {
        workbench.close();
    }
}
