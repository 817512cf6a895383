package dev.hark.services.internal;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;

import dev.hark.api.HarkApi;
import dev.hark.api.TrainingMonitor;
import dev.hark.core.Bus;
import dev.hark.core.HarkTopics;
import dev.hark.core.services.ServerCallException;
import dev.hark.core.services.ServerService;
import dev.hark.core.services.ServerStatus;

/**
 * Keeps a {@link TrainingMonitor} on whatever server the workbench uses, so training views only
 * subscribe to {@code hark/training/*} and {@code hark/dataset/*}. Follows server changes (restart on a
 * new address, switch to a remote server). A server event only schedules a look at the server on the
 * follower's own thread ("hark-training-follower", one pending look at most): closing a monitor waits
 * for its thread, and that must not happen on EventAdmin's dispatcher.
 */
@Component(service = EventHandler.class, immediate = true, property = EventConstants.EVENT_TOPIC + "=" + HarkTopics.SERVER_STATE)
public final class TrainingFollower implements EventHandler {

    private static final Logger LOG = Logger.getLogger(TrainingFollower.class.getName());

    @Reference
    Bus bus;
    @Reference
    ServerService server;
    @Reference
    ApiSource apis;

    /** One thread; one pending look (a newer one replaces it: only the server's current state matters). */
    final ThreadPoolExecutor worker = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(1), r -> {
        Thread t = new Thread(r, "hark-training-follower");
        t.setDaemon(true);
        return t;
    }, new ThreadPoolExecutor.DiscardOldestPolicy());

    // touched only on the worker thread (and in deactivate after it stopped)
    private TrainingMonitor monitor;
    private HarkApi following;

    /** The server may have started before this component: follow it from the start. */
    @Activate
    void activate() {
        worker.execute(this::follow);
    }

    @Override
    public void handleEvent(Event event) {
        worker.execute(this::follow); // never waits here
    }

    private void follow() {
        ServerStatus s = server.status();
        if (s.state() != ServerStatus.State.RUNNING || s.uri() == null) {
            return; // a restart keeps its address: the monitor retries by itself
        }
        HarkApi api;
        try {
            api = apis.api();
        } catch (ServerCallException e) {
            return; // changed again meanwhile: the next event brings us back
        }
        if (api == following) {
            return;
        }
        stop();
        following = api;
        monitor = new TrainingMonitor(api, m -> bus.post(HarkTopics.topicOf(m), m));
    }

    private void stop() {
        if (monitor != null) {
            monitor.close();
            monitor = null;
        }
        following = null;
    }

    @Deactivate
    void deactivate() {
        worker.shutdownNow();
        try {
            if (!worker.awaitTermination(5, TimeUnit.SECONDS)) {
                LOG.log(Level.WARNING, "the training follower did not stop in time");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        stop();
    }
}
