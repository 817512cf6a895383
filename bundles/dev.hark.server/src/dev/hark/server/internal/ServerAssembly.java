package dev.hark.server.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandler;
import org.eclipse.jetty.server.handler.SizeLimitHandler;
import org.eclipse.jetty.util.component.ContainerLifeCycle;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;

import dev.hark.protocol.V2;
import dev.hark.server.ModelCatalog;
import dev.hark.server.ServerConfig;
import dev.hark.server.TrainingEvents;
import dev.hark.server.internal.training.TrainingContribution;
import dev.hark.server.rest.RouteContribution;
import dev.hark.server.rest.RouteTable;
import dev.hark.training.DatasetStore;
import dev.hark.training.TrainingSupervisor;
import dev.hark.training.run.ModelTrainer;

/**
 * The server as a Jetty {@link ContainerLifeCycle}: token guard, body size limit, WebSocket upgrades for {@code /ws}
 * (v1) and {@link V2#PATH} (v2), and the REST routes collected from {@link RouteContribution}s. Its beans start in
 * the order they are added and stop in reverse: the session store, Jetty, the event stream, the trainer tracker, the
 * training side (dataset store, supervisor) and the evaluations. So on stop an evaluation in progress is cancelled first, then a training run is stopped (its last events still
 * reach open sockets and streams), then the event streams end, then Jetty stops, and the v2 sessions are freed last.
 * The model catalog is a bean the caller owns (not stopped here).
 */
public final class ServerAssembly extends ContainerLifeCycle {

    public static final String SERVER_NAME = "hark/0.1.0";
    /** Open connections (HTTP and WebSocket) one client address may hold. */
    public static final int MAX_CONNECTIONS_PER_CLIENT = 128;
    /** Open connections of all clients together. */
    public static final int MAX_CONNECTIONS = 1024;
    /** Idle time after which an HTTP connection is closed. */
    public static final Duration HTTP_IDLE_TIMEOUT = Duration.ofSeconds(30);
    /** Messages queued for one WebSocket client that does not read them; beyond it the client is disconnected. */
    public static final int MAX_OUTGOING_FRAMES = 1024;

    private final Server jetty;
    private final ServerConnector connector;
    private final SessionStore sessions;
    private final StreamAdmission admission;
    private final TrainingContribution training;
    private final EvaluationJobs evaluations;
    private final RouteTable routes;
    private final RunChanges runChanges;

    /** @param trainers the trainable models; null tracks the {@link ModelTrainer} services while the server runs */
    public ServerAssembly(ServerConfig config, ModelCatalog catalog, TrainingEvents events, Supplier<List<ModelTrainer>> trainers)
            throws Exception {
        Path data = config.dataDir();
        Files.createDirectories(data.resolve("checkpoints"));
        admission = new StreamAdmission(config.maxStreamsPerModel());
        sessions = new SessionStore(config.resumeWindow(), config.maxDetachedSessions(), admission);
        EventStream eventStream = new EventStream(events, EventStream.configuredMaxClients());
        runChanges = new RunChanges();
        TrainerTracker tracker = trainers == null ? new TrainerTracker() : null;
        training = new TrainingContribution(data, events, trainers != null ? trainers : tracker::trainers);
        training.supervisor().history().listen(runChanges);
        CheckpointStore checkpoints = new CheckpointStore(data.resolve("checkpoints"));
        evaluations = new EvaluationJobs(training.supervisor().history(), training.datasets(), catalog, admission, events);
        routes = RouteTable.of(List.of(
                new ServiceRoutes(catalog, SERVER_NAME, training::availableDatasets, training.supervisor()::trainableModels),
                new ModelRoutes(catalog, checkpoints),
                new InferenceRoutes(catalog, checkpoints, data.resolve("tmp").resolve("uploads"), config.maxUploadBytes(), admission),
                table -> table.resource("/api/events").get(x -> eventStream.serve(x.response(), x.callback())),
                table -> table.resource("/v2/runs/events").get(x -> eventStream.serve(new RunFeed(runChanges), x.response(), x.callback())),
                training, training.runRoutes(catalog, evaluations::cancelRun), new EvaluationRoutes(evaluations)));

        QueuedThreadPool threads = new QueuedThreadPool(200, 4);
        threads.setName("hark-http");
        jetty = new Server(threads);
        jetty.setStopTimeout(2_000);
        connector = new ServerConnector(jetty);
        connector.setHost(config.host());
        connector.setPort(config.port());
        // an HTTP connection that sends nothing for this long is closed (a WebSocket has its own idle timeout below)
        connector.setIdleTimeout(HTTP_IDLE_TIMEOUT.toMillis());
        connector.addEventListener(new ClientConnectionLimit(MAX_CONNECTIONS_PER_CLIENT));
        jetty.addConnector(connector);
        // all clients together: beyond it Jetty stops accepting until connections close
        jetty.addBean(new org.eclipse.jetty.server.ConnectionLimit(MAX_CONNECTIONS, connector));

        ContextHandler context = new ContextHandler("/");
        WebSocketUpgradeHandler upgrades = WebSocketUpgradeHandler.from(jetty, context, container -> {
            // Jetty closes with 1009 beyond these; below them our endpoints answer oversized frames with an error
            container.setMaxBinaryMessageSize(4L * config.maxFrameBytes() + V2.FRAME_HEADER_BYTES);
            container.setMaxTextMessageSize(256 * 1024);
            container.setIdleTimeout(Duration.ofMinutes(2));
            // a client that does not read what the server sends is disconnected, not buffered for without end
            container.setMaxOutgoingFrames(MAX_OUTGOING_FRAMES);
            container.addMapping("/ws", (rq, rs, cb) -> new V1StreamEndpoint(catalog, events, config.maxFrameBytes(), admission));
            if (config.v2Enabled()) {
                container.addMapping(V2.PATH, (rq, rs, cb) -> new V2StreamEndpoint(catalog, sessions, config.maxFrameBytes(), SERVER_NAME));
            }
        });
        upgrades.setHandler(routes.handler());
        context.setHandler(upgrades);
        SizeLimitHandler sizeLimit = new SizeLimitHandler(config.maxUploadBytes(), -1);
        sizeLimit.setHandler(context);
        jetty.setHandler(new TokenGuard(config.token(), sizeLimit));

        addBean(catalog, false);
        addBean(LifeCycles.closing("session store", sessions), true);
        addBean(jetty, true);
        addBean(eventStream, true);
        if (tracker != null) {
            addBean(tracker, true);
        }
        addBean(training, true);
        // stopped first: an evaluation in progress is cancelled before the training side and the catalog go
        addBean(LifeCycles.closing("evaluations", evaluations), true);
    }

    public TrainingSupervisor supervisor() {
        return training.supervisor();
    }

    public DatasetStore datasets() {
        return training.datasets();
    }

    /** The run history's changes as {@code /v2/runs/events} clients hear them (tests, diagnostics). */
    public RunChanges runChanges() {
        return runChanges;
    }

    /** The REST routes (for tests and diagnostics). */
    public RouteTable routes() {
        return routes;
    }

    public int port() {
        return connector.getLocalPort();
    }

    public int sessionCount() {
        return sessions.size();
    }

    /** Recognition streams (decoders) running now, v1 and v2. */
    public int streamsInUse() {
        return admission.total();
    }

    /** Streams of one model that may run at once. */
    public int streamCapacity() {
        return admission.capacity();
    }

    /** v2 sessions waiting for a resume (they hold no decoder). */
    public int detachedSessionCount() {
        return sessions.detachedCount();
    }

    public void join() throws InterruptedException {
        jetty.join();
    }
}
