package dev.hark.ui.handlers;

import org.eclipse.e4.core.di.annotations.Execute;
import org.eclipse.e4.ui.workbench.modeling.EPartService;

import jakarta.inject.Named;

/** Window &gt; Show View: brings back a part that was closed (the command parameter names it). */
public class ShowPartHandler {

    public static final String PARAMETER = "dev.hark.ui.commandparameter.part";

    @Execute
    public void execute(EPartService parts, @Named(PARAMETER) String partId) {
        parts.showPart(partId, EPartService.PartState.ACTIVATE);
    }
}
