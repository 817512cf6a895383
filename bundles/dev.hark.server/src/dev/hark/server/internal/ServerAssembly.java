package dev.hark.server.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandler;
import org.eclipse.jetty.server.handler.SizeLimitHandler;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;

import java.util.List;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.util.tracker.ServiceTracker;

import dev.hark.protocol.V2;
import dev.hark.training.DatasetStore;
import dev.hark.training.TrainingSupervisor;
import dev.hark.training.run.ModelTrainer;
import dev.hark.server.ModelCatalog;
import dev.hark.server.ServerConfig;
import dev.hark.server.TrainingEvents;

/**
 * Wires Jetty: token guard, body size limit, WebSocket upgrades for {@code /ws} (v1) and
 * {@link V2#PATH} (v2), and the REST API for everything else. Owns the session store and the event
 * stream, which {@link #close()} stops after Jetty.
 */
public final class ServerAssembly implements AutoCloseable {

    public static final String SERVER_NAME = "hark/0.1.0";

    private final Server jetty;
    private final ServerConnector connector;
    private final SessionStore sessions;
    private final EventStream eventStream;
    private final DatasetStore datasets;
    private final TrainingSupervisor supervisor;
    private final ServiceTracker<ModelTrainer, ModelTrainer> trainers;

    public ServerAssembly(ServerConfig config, ModelCatalog catalog, TrainingEvents training) throws Exception {
        Path data = config.dataDir();
        Files.createDirectories(data.resolve("checkpoints"));
        sessions = new SessionStore(config.resumeWindow());
        eventStream = new EventStream(training);
        datasets = new DatasetStore(data, training::publish);
        trainers = trainerTracker();
        supervisor = new TrainingSupervisor(data, training::publish,
                () -> trainers == null ? List.of() : List.of(trainers.getServices(new ModelTrainer[0])), datasets,
                TrainingSupervisor.Settings.defaults(data));

        QueuedThreadPool threads = new QueuedThreadPool(200, 4);
        threads.setName("hark-http");
        jetty = new Server(threads);
        jetty.setStopTimeout(2_000);
        connector = new ServerConnector(jetty);
        connector.setHost(config.host());
        connector.setPort(config.port());
        jetty.addConnector(connector);

        ContextHandler context = new ContextHandler("/");
        WebSocketUpgradeHandler upgrades = WebSocketUpgradeHandler.from(jetty, context, container -> {
            // Jetty closes with 1009 beyond these; below them our endpoints answer oversized frames with an error
            container.setMaxBinaryMessageSize(4L * config.maxFrameBytes() + V2.FRAME_HEADER_BYTES);
            container.setMaxTextMessageSize(256 * 1024);
            container.setIdleTimeout(Duration.ofMinutes(2));
            container.addMapping("/ws", (rq, rs, cb) -> new V1StreamEndpoint(catalog, training, config.maxFrameBytes()));
            if (config.v2Enabled()) {
                container.addMapping(V2.PATH, (rq, rs, cb) -> new V2StreamEndpoint(catalog, sessions, config.maxFrameBytes(), SERVER_NAME));
            }
        });
        upgrades.setHandler(new ApiHandler(catalog, new CheckpointStore(data.resolve("checkpoints")), eventStream,
                data.resolve("tmp").resolve("uploads"), config.maxUploadBytes(), SERVER_NAME, datasets, supervisor));
        context.setHandler(upgrades);
        SizeLimitHandler sizeLimit = new SizeLimitHandler(config.maxUploadBytes(), -1);
        sizeLimit.setHandler(context);
        jetty.setHandler(new TokenGuard(config.token(), sizeLimit));
    }

    /** Trainable models come from {@link ModelTrainer} services, when the server runs inside OSGi. */
    private static ServiceTracker<ModelTrainer, ModelTrainer> trainerTracker() {
        Bundle bundle = FrameworkUtil.getBundle(ServerAssembly.class);
        BundleContext context = bundle == null ? null : bundle.getBundleContext();
        if (context == null) {
            return null;
        }
        ServiceTracker<ModelTrainer, ModelTrainer> t = new ServiceTracker<>(context, ModelTrainer.class, null);
        t.open();
        return t;
    }

    public TrainingSupervisor supervisor() {
        return supervisor;
    }

    public DatasetStore datasets() {
        return datasets;
    }

    public void start() throws Exception {
        jetty.start();
    }

    public int port() {
        return connector.getLocalPort();
    }

    public int sessionCount() {
        return sessions.size();
    }

    public void join() throws InterruptedException {
        jetty.join();
    }

    @Override
    public void close() throws Exception {
        supervisor.close();
        datasets.close();
        if (trainers != null) {
            trainers.close();
        }
        eventStream.close();
        try {
            jetty.stop();
        } catch (java.util.concurrent.TimeoutException e) {
            // a long-lived request (an event stream whose client reconnected) outlived the graceful
            // period: Jetty has closed it and stopped anyway
            java.util.logging.Logger.getLogger(ServerAssembly.class.getName()).fine("graceful stop timed out: " + e);
        } finally {
            sessions.close();
        }
    }
}
