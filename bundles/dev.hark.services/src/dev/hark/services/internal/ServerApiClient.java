package dev.hark.services.internal;

import java.net.URI;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;

import dev.hark.api.HarkApi;
import dev.hark.core.HarkEvents;
import dev.hark.core.HarkTopics;
import dev.hark.core.services.ServerApi;
import dev.hark.core.services.ServerCallException;
import dev.hark.core.services.ServerService;
import dev.hark.core.services.ServerStatus;
import dev.hark.protocol.rest.Health;
import dev.hark.protocol.rest.InferenceResult;
import dev.hark.protocol.rest.ServerConfig;

/**
 * Owns the workbench's one {@link HarkApi} (one HTTP client) for the server in use. It is bound lazily to
 * the server's address and token and rebound when either changes: the old client is closed then (its
 * requests in flight finish), on a server change as soon as {@code hark/server/state} says so.
 */
@Component(service = { ServerApi.class, ApiSource.class, EventHandler.class },
        property = EventConstants.EVENT_TOPIC + "=" + HarkTopics.SERVER_STATE)
public final class ServerApiClient implements ServerApi, ApiSource, EventHandler {

    @Reference
    ServerService server;

    private HarkApi bound;
    private URI boundUri;
    private String boundToken;
    private int clientsMade;

    @Override
    public HarkApi api() throws ServerCallException {
        ServerStatus s = server.status();
        if (s.state() != ServerStatus.State.RUNNING || s.uri() == null) {
            throw new ServerCallException.NotReady(s.state().name().toLowerCase(Locale.ROOT) + (s.detail().isEmpty() ? "" : ", " + s.detail()));
        }
        return bind(s.uri(), server.token());
    }

    private synchronized HarkApi bind(URI uri, String token) {
        if (bound != null && uri.equals(boundUri) && Objects.equals(token, boundToken)) {
            return bound;
        }
        unbind();
        bound = new HarkApi(uri, token);
        boundUri = uri;
        boundToken = token;
        clientsMade++;
        return bound;
    }

    private synchronized void unbind() {
        if (bound != null) {
            bound.close();
            bound = null;
            boundUri = null;
            boundToken = null;
        }
    }

    /** A server elsewhere, or none: the client of the old one goes (a restart on the same address keeps it). Never blocks. */
    @Override
    public void handleEvent(Event event) {
        HarkEvents.payload(event, ServerStatus.class).ifPresent(s -> {
            synchronized (this) {
                if (bound != null && (s.state() == ServerStatus.State.STOPPED || s.uri() != null && !s.uri().equals(boundUri))) {
                    unbind();
                }
            }
        });
    }

    /** How many clients were made so far (tests check that calls share one). */
    synchronized int clientsMade() {
        return clientsMade;
    }

    @Override
    public Health health() throws ServerCallException {
        return call(HarkApi::health);
    }

    @Override
    public ServerConfig config() throws ServerCallException {
        return call(HarkApi::config);
    }

    @Override
    public Health probe(URI uri, String token) throws ServerCallException {
        try (HarkApi api = new HarkApi(uri, token)) {
            return api.health();
        } catch (dev.hark.api.HarkApiException e) {
            throw new ServerCallException(e.status(), e.getMessage());
        }
    }

    @Override
    public InferenceResult inference(Path file, String model) throws ServerCallException {
        return call(api -> api.inference(file, model));
    }

    @Override
    public InferenceResult inference(Path file, String model, InferenceProgress progress) throws ServerCallException {
        HarkApi api = api();
        try {
            return api.inference(file, model, p -> progress.decoded(p.doneSeconds(), p.totalSeconds()), progress::cancelled);
        } catch (dev.hark.api.HarkApiException e) {
            if (e.cancelled()) {
                throw new ServerCallException.Cancelled();
            }
            throw new ServerCallException(e.status(), e.getMessage());
        }
    }

    @Deactivate
    void deactivate() {
        unbind();
    }
}
