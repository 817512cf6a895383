package dev.hark.services.internal;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;

import dev.hark.api.HarkApi;
import dev.hark.api.TrainingMonitor;
import dev.hark.core.Bus;
import dev.hark.core.HarkEvents;
import dev.hark.core.HarkTopics;
import dev.hark.core.services.ServerService;
import dev.hark.core.services.ServerStatus;

/**
 * Keeps a {@link TrainingMonitor} on whatever server the workbench uses, so training views only
 * subscribe to {@code hark/training/*}. Follows server changes (restart on a new address, switch to a
 * remote server).
 */
@Component(service = EventHandler.class, immediate = true, property = EventConstants.EVENT_TOPIC + "=" + HarkTopics.SERVER_STATE)
public final class TrainingFollower implements EventHandler {

    @Reference
    private Bus bus;
    @Reference
    private ServerService server;

    private TrainingMonitor monitor;
    private String following;

    /** The server may have started before this component: follow it from the start. */
    @org.osgi.service.component.annotations.Activate
    void activate() {
        follow(server.status());
    }

    @Override
    public void handleEvent(Event event) {
        HarkEvents.payload(event, ServerStatus.class).ifPresent(this::follow);
    }

    private synchronized void follow(ServerStatus s) {
        String target = s.state() == ServerStatus.State.RUNNING && s.uri() != null ? s.uri().toString() : null;
        if (target == null || target.equals(following)) {
            return;
        }
        stop();
        following = target;
        monitor = new TrainingMonitor(new HarkApi(s.uri(), server.token()), server.token(), bus);
    }

    private void stop() {
        if (monitor != null) {
            monitor.close();
            monitor = null;
        }
        following = null;
    }

    @Deactivate
    synchronized void deactivate() {
        stop();
    }
}
