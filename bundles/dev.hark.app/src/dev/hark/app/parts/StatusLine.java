package dev.hark.app.parts;

import java.util.List;

import org.eclipse.e4.core.di.annotations.Optional;
import org.eclipse.e4.ui.di.UIEventTopic;
import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.GridLayoutFactory;
import org.eclipse.osgi.util.NLS;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;

import dev.hark.core.ConnectionState;
import dev.hark.core.HarkTopics;
import dev.hark.core.StreamStateChanged;
import dev.hark.core.services.InstalledPlugin;
import dev.hark.core.services.LiveService;
import dev.hark.ui.internal.Messages;
import dev.hark.core.services.PluginService;
import jakarta.annotation.PostConstruct;
import jakarta.inject.Inject;

/**
 * The window's status bar: the connection state in one line, always visible whatever parts are open, and a warning
 * when a plugin of the plugin folders does not work (its name; Help &gt; Plugins says why).
 */
public class StatusLine {

    @Inject
    private LiveService live;
    @Inject
    @Optional
    private PluginService plugins;

    private Label text;
    private Label pluginWarning;

    @PostConstruct
    public void createControls(Composite parent) {
        // the trim bar hands us a bare composite: give it a layout, or it stays 0x0
        GridLayoutFactory.fillDefaults().margins(6, 3).applyTo(parent);
        text = new Label(parent, SWT.NONE);
        text.setData(ConnectionPart.WIDGET_ID, "status.connection");
        GridDataFactory.fillDefaults().grab(true, false).hint(360, SWT.DEFAULT).applyTo(text);
        StreamStateChanged now = live.stateChange();
        show(now.state(), now.server());
        pluginWarning = new Label(parent, SWT.NONE);
        pluginWarning.setData(ConnectionPart.WIDGET_ID, "status.plugins");
        pluginWarning.setForeground(parent.getDisplay().getSystemColor(SWT.COLOR_DARK_RED));
        GridDataFactory.fillDefaults().grab(true, false).exclude(true).applyTo(pluginWarning);
        GridLayoutFactory.fillDefaults().numColumns(2).margins(6, 3).applyTo(parent);
        // plugins found at start-up are started on their own thread: look now and once more when they settled
        showPlugins();
        parent.getDisplay().timerExec(5_000, this::showPlugins);
    }

    private void showPlugins() {
        if (plugins == null || pluginWarning == null || pluginWarning.isDisposed()) {
            return;
        }
        List<String> broken = plugins.plugins().stream().filter(p -> !p.works()).map(InstalledPlugin::name).toList();
        pluginWarning.setText(broken.isEmpty() ? ""
                : broken.size() == 1 ? NLS.bind(Messages.Status_pluginBroken, broken.get(0))
                        : NLS.bind(Messages.Status_pluginsBroken, broken.size(), String.join(", ", broken)));
        ((org.eclipse.swt.layout.GridData) pluginWarning.getLayoutData()).exclude = broken.isEmpty();
        pluginWarning.setVisible(!broken.isEmpty());
        pluginWarning.getParent().layout(true);
    }

    @Inject
    @Optional
    void stateChanged(@UIEventTopic(HarkTopics.STREAM_STATE) StreamStateChanged change) {
        if (text != null && !text.isDisposed()) {
            show(change.state(), change.server());
        }
    }

    private void show(ConnectionState state, String server) {
        String label = ConnectionStateText.label(state);
        text.setText(server.isEmpty() ? NLS.bind(Messages.Status_connection, label) : NLS.bind(Messages.Status_connectionAt, label, server));
        text.setForeground(text.getDisplay().getSystemColor(ConnectionStateText.color(state)));
    }
}
