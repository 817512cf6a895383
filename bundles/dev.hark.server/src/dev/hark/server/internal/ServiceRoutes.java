package dev.hark.server.internal;

import java.util.List;
import java.util.function.Supplier;

import dev.hark.protocol.V1;
import dev.hark.protocol.rest.Health;
import dev.hark.protocol.rest.Message;
import dev.hark.protocol.rest.ServerConfig;
import dev.hark.protocol.rest.TrainingDefaults;
import dev.hark.server.ModelCatalog;
import dev.hark.server.rest.RouteContribution;
import dev.hark.server.rest.RouteTable;

/** {@code GET /} (and {@code /api}), {@code GET /api/health} and {@code GET /api/config}: what the server is and offers. */
final class ServiceRoutes implements RouteContribution {

    static final String WELCOME = "Hark server: streaming speech recognition (v1 /ws, v2 /v2/stream) and the /api routes";

    private final ModelCatalog catalog;
    private final String serverName;
    private final Supplier<List<String>> availableDatasets;
    private final Supplier<List<String>> trainableModels;

    ServiceRoutes(ModelCatalog catalog, String serverName, Supplier<List<String>> availableDatasets,
            Supplier<List<String>> trainableModels) {
        this.catalog = catalog;
        this.serverName = serverName;
        this.availableDatasets = availableDatasets;
        this.trainableModels = trainableModels;
    }

    @Override
    public void contribute(RouteTable routes) {
        for (String root : List.of("/", "/api", "/api/")) {
            routes.resource(root).get(x -> x.reply(new Message(WELCOME)));
        }
        routes.resource("/api/health").get(x -> x.reply(new Health("ok", serverName, List.of(1, 2), catalog.models().size())));
        routes.resource("/api/config").get(x -> x.reply(new ServerConfig(availableModels(), availableDatasets.get(),
                TrainingDefaults.of(trainableModels.get()), ModelCatalog.DEFAULT_MODEL, V1.DEFAULT_MODEL_ALIAS)));
    }

    /**
     * v1's {@code available_models}: the trainable models first (v1 listed the models it trains; the asr-test frontend's
     * pickers, training's included, offer this list and preselect its first entry), then every model the engines serve.
     * A trainable model's name recognizes with its newest checkpoint.
     */
    List<String> availableModels() {
        java.util.LinkedHashSet<String> names = new java.util.LinkedHashSet<>(trainableModels.get());
        catalog.models().forEach(m -> names.add(m.name()));
        return List.copyOf(names);
    }
}
