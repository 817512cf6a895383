package dev.hark.server.internal;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

import dev.hark.engine.SpeechEngine;
import dev.hark.server.HarkServer;
import dev.hark.server.ModelCatalog;
import dev.hark.server.ServerConfig;
import dev.hark.training.run.ModelTrainer;

/**
 * The server's view of this OSGi runtime, as Declarative Services gives it: the speech engines (the component
 * activates once at least one is registered, and follows them as they come and go) and the trainable models. The
 * headless application ({@link ServerApplication}) takes it from {@link #whenActive()} instead of polling the service
 * registry with a timeout, and starts its {@link HarkServer} from it.
 */
@Component(service = ServerComponent.class, immediate = true)
public final class ServerComponent {

    private static volatile CompletableFuture<ServerComponent> active = new CompletableFuture<>();

    private final List<SpeechEngine> engines = new CopyOnWriteArrayList<>();
    private final List<ModelTrainer> trainers = new CopyOnWriteArrayList<>();

    /** Completes when DS has activated the component (at least one engine is registered). */
    public static CompletableFuture<ServerComponent> whenActive() {
        return active;
    }

    @Activate
    void activate() {
        active.complete(this);
    }

    @Deactivate
    void deactivate() {
        active = new CompletableFuture<>();
    }

    @Reference(cardinality = ReferenceCardinality.AT_LEAST_ONE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addEngine(SpeechEngine engine) {
        engines.add(engine);
    }

    void removeEngine(SpeechEngine engine) {
        engines.remove(engine);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void addTrainer(ModelTrainer trainer) {
        trainers.add(trainer);
    }

    void removeTrainer(ModelTrainer trainer) {
        trainers.remove(trainer);
    }

    /** A catalog over the engines registered now and later (the caller closes it). */
    public ModelCatalog newCatalog() {
        return new ModelCatalog(() -> List.copyOf(engines));
    }

    /** Starts a server over {@code catalog}, training the models DS registers. */
    public HarkServer start(ServerConfig config, ModelCatalog catalog) throws Exception {
        return HarkServer.start(config, catalog, () -> List.copyOf(trainers));
    }
}
