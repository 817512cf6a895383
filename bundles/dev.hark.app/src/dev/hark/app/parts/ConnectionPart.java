package dev.hark.app.parts;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

import org.eclipse.e4.core.di.annotations.Optional;
import org.eclipse.e4.ui.di.Focus;
import org.eclipse.e4.ui.di.UIEventTopic;
import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.GridLayoutFactory;
import org.eclipse.jface.resource.FontDescriptor;
import org.eclipse.jface.resource.JFaceResources;
import org.eclipse.jface.resource.LocalResourceManager;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;

import dev.hark.core.HarkTopics;
import dev.hark.core.StreamStateChanged;
import dev.hark.core.services.LiveService;
import dev.hark.ui.internal.Messages;
import dev.hark.ui.internal.StateText;
import dev.hark.ui.internal.Widgets;
import jakarta.annotation.PostConstruct;
import jakarta.inject.Inject;

/**
 * Shows the streaming connection's state as the transport service publishes it. The part only
 * subscribes: it never opens or closes a connection, so creating, hiding or closing it cannot
 * disturb the session. When it opens it asks the {@link LiveService} for the state now.
 */
public class ConnectionPart {

    /** Key of {@code Widget#getData(String)} naming the widgets tests look for. */
    public static final String WIDGET_ID = dev.hark.core.WidgetIds.KEY;

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());

    @Inject
    private LiveService live;

    private Label state;
    private Label server;
    private Label detail;
    private Label reconnects;
    private Label since;

    @PostConstruct
    public void createControls(Composite part) {
        Composite parent = Widgets.scrolledForm(part);
        LocalResourceManager resources = new LocalResourceManager(JFaceResources.getResources(), parent);
        GridLayoutFactory.swtDefaults().numColumns(2).margins(12, 12).spacing(12, 6).applyTo(parent);

        state = new Label(parent, SWT.NONE);
        state.setData(WIDGET_ID, "connection.state");
        state.setFont(resources.create(FontDescriptor.createFrom(parent.getFont()).increaseHeight(6).setStyle(SWT.BOLD)));
        GridDataFactory.fillDefaults().span(2, 1).grab(true, false).applyTo(state);

        server = row(parent, Messages.Connection_server, "connection.server");
        detail = row(parent, Messages.Connection_detail, "connection.detail");
        reconnects = row(parent, Messages.Connection_reconnects, "connection.reconnects");
        since = row(parent, Messages.Connection_since, "connection.since");

        show(live.stateChange()); // opened (or reopened) mid-session: the state now, not Idle
    }

    private static Label row(Composite parent, String caption, String id) {
        Label captionLabel = new Label(parent, SWT.NONE);
        captionLabel.setText(caption);
        Label value = new Label(parent, SWT.WRAP); // a long detail wraps instead of being cut off
        value.setData(WIDGET_ID, id);
        GridDataFactory.fillDefaults().grab(true, false).hint(120, SWT.DEFAULT).applyTo(value);
        return value;
    }

    /** Connection state is low-rate, so one UI update per event is fine here. */
    @Inject
    @Optional
    void stateChanged(@UIEventTopic(HarkTopics.STREAM_STATE) StreamStateChanged change) {
        if (state != null && !state.isDisposed()) {
            show(change);
        }
    }

    private void show(StreamStateChanged change) {
        state.setText(ConnectionStateText.label(change.state()));
        state.setForeground(state.getDisplay().getSystemColor(ConnectionStateText.color(change.state())));
        server.setText(change.server().isEmpty() ? "\u2014" : change.server());
        detail.setText(change.detail().isEmpty() ? "\u2014" : StateText.detail(change.detail()));
        reconnects.setText(Integer.toString(change.reconnects()));
        since.setText(TIME.format(change.at()));
        state.getParent().layout(true, true);
        Widgets.relayout(state);
    }

    @Focus
    void focus() {
        state.getParent().setFocus();
    }
}
