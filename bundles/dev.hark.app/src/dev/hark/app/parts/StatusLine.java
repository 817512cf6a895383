package dev.hark.app.parts;

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
import dev.hark.core.services.LiveService;
import dev.hark.ui.internal.Messages;
import jakarta.annotation.PostConstruct;
import jakarta.inject.Inject;

/** The window's status bar: the connection state in one line, always visible whatever parts are open. */
public class StatusLine {

    @Inject
    private LiveService live;

    private Label text;

    @PostConstruct
    public void createControls(Composite parent) {
        // the trim bar hands us a bare composite: give it a layout, or it stays 0x0
        GridLayoutFactory.fillDefaults().margins(6, 3).applyTo(parent);
        text = new Label(parent, SWT.NONE);
        text.setData(ConnectionPart.WIDGET_ID, "status.connection");
        GridDataFactory.fillDefaults().grab(true, false).hint(360, SWT.DEFAULT).applyTo(text);
        StreamStateChanged now = live.stateChange();
        show(now.state(), now.server());
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
