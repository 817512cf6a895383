package dev.hark.server.internal.training;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.eclipse.jetty.util.component.ContainerLifeCycle;

import dev.hark.protocol.training.TrainingMessage;
import dev.hark.server.internal.LifeCycles;
import dev.hark.server.rest.RouteContribution;
import dev.hark.server.rest.RouteTable;
import dev.hark.training.DatasetStore;
import dev.hark.training.TrainingSupervisor;
import dev.hark.training.run.ModelTrainer;

/**
 * The training side of the server: its services (the dataset store and the training supervisor, Jetty beans that
 * stop in reverse order — a run in progress is stopped before the dataset jobs are cancelled) and its routes
 * ({@link TrainingRoutes}, {@link DatasetRoutes}, and with the model catalog {@link RunRoutes}).
 */
public final class TrainingContribution extends ContainerLifeCycle implements RouteContribution {

    private final DatasetStore datasets;
    private final TrainingSupervisor supervisor;

    public TrainingContribution(Path dataDir, Consumer<TrainingMessage> events, Supplier<List<ModelTrainer>> trainers)
            throws IOException {
        datasets = new DatasetStore(dataDir, events);
        supervisor = new TrainingSupervisor(dataDir, events, trainers, datasets, TrainingSupervisor.Settings.defaults(dataDir));
        addBean(LifeCycles.closing("dataset store", datasets), true);
        addBean(LifeCycles.closing("training supervisor", supervisor), true);
    }

    public DatasetStore datasets() {
        return datasets;
    }

    public TrainingSupervisor supervisor() {
        return supervisor;
    }

    /** The datasets ready to train on, for {@code GET /api/config} (empty if the folder cannot be read). */
    public List<String> availableDatasets() {
        try {
            return datasets.downloaded();
        } catch (IOException e) {
            return List.of();
        }
    }

    /**
     * The runs' routes ({@link RunRoutes}); {@code catalog} forgets the models of a deleted run's checkpoints, and
     * {@code beforeDelete} is told of a run about to be deleted (its evaluation in progress is cancelled).
     */
    public RouteContribution runRoutes(dev.hark.server.ModelCatalog catalog, RunRoutes.BeforeDelete beforeDelete) {
        return new RunRoutes(supervisor, catalog, beforeDelete);
    }

    @Override
    public void contribute(RouteTable routes) {
        new TrainingRoutes(supervisor).contribute(routes);
        new DatasetRoutes(datasets).contribute(routes);
    }
}
