package dev.hark.ui.handlers;

import org.eclipse.e4.core.di.annotations.Execute;
import org.eclipse.e4.core.di.annotations.Optional;
import org.eclipse.swt.widgets.Shell;

import dev.hark.core.services.PluginService;
import dev.hark.ui.internal.PluginsDialog;
import jakarta.inject.Named;

/** Help &gt; Plugins: the plugins of the plugin folders, their versions and states, and why one does not work. */
public class PluginsHandler {

    @Execute
    public void execute(@Named("activeShell") Shell shell, @Optional PluginService plugins) {
        new PluginsDialog(shell, plugins).open();
    }
}
