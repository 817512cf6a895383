package dev.hark.server;

import java.net.URI;

import dev.hark.server.internal.ServerAssembly;

/**
 * A running Hark server: HTTP API and streaming sockets (v1 and v2) over the models of a
 * {@link ModelCatalog}. {@link #close()} stops it and frees every session; the catalog stays the
 * caller's.
 */
public final class HarkServer implements AutoCloseable {

    private final ServerConfig config;
    private final ServerAssembly assembly;
    private final TrainingEvents training;

    private HarkServer(ServerConfig config, ServerAssembly assembly, TrainingEvents training) {
        this.config = config;
        this.assembly = assembly;
        this.training = training;
    }

    /**
     * Starts a server; throws if the configuration is refused or the port is taken. The trainable models are the
     * {@link dev.hark.training.run.ModelTrainer} services of the OSGi runtime, tracked while the server runs.
     */
    public static HarkServer start(ServerConfig config, ModelCatalog catalog) throws Exception {
        return start(config, catalog, null);
    }

    /** As {@link #start(ServerConfig, ModelCatalog)}, with the trainable models given (null: tracked services). */
    public static HarkServer start(ServerConfig config, ModelCatalog catalog,
            java.util.function.Supplier<java.util.List<dev.hark.training.run.ModelTrainer>> trainers) throws Exception {
        config.validate();
        catalog.bindDataFolder(config.dataDir());
        TrainingEvents training = new TrainingEvents();
        ServerAssembly assembly = new ServerAssembly(config, catalog, training, trainers);
        try {
            assembly.start();
        } catch (Exception e) {
            try {
                assembly.stop();
            } catch (Exception stopFailure) {
                e.addSuppressed(stopFailure);
            }
            throw e;
        }
        return new HarkServer(config, assembly, training);
    }

    /** The port it listens on (the chosen one when configured with 0). */
    public int port() {
        return assembly.port();
    }

    private String authority() {
        String host = config.host().contains(":") ? "[" + config.host() + "]" : config.host();
        return host + ":" + port();
    }

    public URI httpUri() {
        return URI.create("http://" + authority());
    }

    public URI v1StreamUri() {
        return URI.create("ws://" + authority() + "/ws");
    }

    public URI v2StreamUri() {
        return URI.create("ws://" + authority() + dev.hark.protocol.V2.PATH);
    }

    /** Where training events are published to /ws clients and SSE streams. */
    public TrainingEvents trainingEvents() {
        return training;
    }

    /** The training runs of this server (one at a time, each in a worker process). */
    public dev.hark.training.TrainingSupervisor trainingSupervisor() {
        return assembly.supervisor();
    }

    /** The datasets in this server's data folder. */
    public dev.hark.training.DatasetStore datasets() {
        return assembly.datasets();
    }

    /** Live v2 sessions, including those waiting for a resume. */
    public int sessionCount() {
        return assembly.sessionCount();
    }

    /** Recognition streams (decoders) running now, v1 and v2; detached v2 sessions hold none. */
    public int streamsInUse() {
        return assembly.streamsInUse();
    }

    /** Streams of one model that may run at once; more get a busy error. */
    public int streamCapacity() {
        return assembly.streamCapacity();
    }

    /** v2 sessions waiting for a resume. */
    public int detachedSessionCount() {
        return assembly.detachedSessionCount();
    }

    public void join() throws InterruptedException {
        assembly.join();
    }

    /** The fan-out of run changes to {@code /v2/runs/events} clients (tests, diagnostics). */
    public dev.hark.server.internal.RunChanges runChanges() {
        return assembly.runChanges();
    }

    /** The REST routes this server answers (tests, diagnostics). */
    public dev.hark.server.rest.RouteTable routes() {
        return assembly.routes();
    }

    /** Stops the server: its beans stop in reverse order of start (see {@code ServerAssembly}). */
    @Override
    public void close() throws Exception {
        try {
            assembly.stop();
        } catch (java.util.concurrent.TimeoutException e) {
            // a long-lived request outlived Jetty's graceful period: Jetty has closed it and stopped anyway
            java.util.logging.Logger.getLogger(HarkServer.class.getName()).fine("graceful stop timed out: " + e);
        }
    }
}
