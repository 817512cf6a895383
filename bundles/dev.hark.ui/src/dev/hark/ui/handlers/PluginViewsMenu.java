package dev.hark.ui.handlers;

import java.util.List;

import org.eclipse.e4.ui.di.AboutToShow;
import org.eclipse.e4.ui.model.application.MApplication;
import org.eclipse.e4.ui.model.application.descriptor.basic.MPartDescriptor;
import org.eclipse.e4.ui.model.application.commands.MCommand;
import org.eclipse.e4.ui.model.application.commands.MParameter;
import org.eclipse.e4.ui.model.application.ui.menu.MHandledMenuItem;
import org.eclipse.e4.ui.model.application.ui.menu.MMenuElement;
import org.eclipse.e4.ui.workbench.modeling.EModelService;

/**
 * Window menu: one entry per part descriptor in the application model, i.e. per view a plugin contributed through an
 * e4 model fragment (Hark's own views are parts, listed above). Built each time the menu opens, so a plugin installed
 * or removed while Hark runs shows or leaves at once. Each entry runs Window's show command ({@link ShowPartHandler}),
 * which creates the view from its descriptor the first time.
 */
public class PluginViewsMenu {

    static final String SHOW_COMMAND = "dev.hark.ui.command.showPart";

    @AboutToShow
    public void aboutToShow(List<MMenuElement> items, MApplication application, EModelService models) {
        MCommand show = application.getCommands().stream().filter(c -> SHOW_COMMAND.equals(c.getElementId())).findFirst().orElse(null);
        if (show == null) {
            return;
        }
        for (MPartDescriptor d : List.copyOf(application.getDescriptors())) {
            String label = d.getLocalizedLabel();
            if (d.getElementId() == null || label == null || label.isBlank()) {
                continue;
            }
            MHandledMenuItem item = models.createModelElement(MHandledMenuItem.class);
            item.setElementId("dev.hark.app.menuitem.show." + d.getElementId());
            item.setLabel(label);
            item.setTooltip(d.getLocalizedTooltip());
            item.setIconURI(d.getIconURI());
            item.setCommand(show);
            MParameter part = models.createModelElement(MParameter.class);
            part.setElementId("dev.hark.app.showparam." + d.getElementId());
            part.setName(ShowPartHandler.PARAMETER);
            part.setValue(d.getElementId());
            item.getParameters().add(part);
            items.add(item);
        }
    }
}
