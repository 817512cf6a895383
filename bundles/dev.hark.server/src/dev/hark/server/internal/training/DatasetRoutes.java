package dev.hark.server.internal.training;

import dev.hark.protocol.rest.DatasetList;
import dev.hark.protocol.rest.DownloadRequest;
import dev.hark.protocol.rest.GenerateRequest;
import dev.hark.protocol.rest.Message;
import dev.hark.server.rest.HttpError;
import dev.hark.server.rest.RouteContribution;
import dev.hark.server.rest.RouteTable;
import dev.hark.training.DatasetStore;

/**
 * Datasets: {@code GET /api/datasets}, {@code GET|DELETE /api/datasets/{name}}, {@code POST /api/dataset/download} and
 * {@code POST /api/dataset/generate}.
 */
final class DatasetRoutes implements RouteContribution {

    private final DatasetStore datasets;

    DatasetRoutes(DatasetStore datasets) {
        this.datasets = datasets;
    }

    @Override
    public void contribute(RouteTable routes) {
        routes.resource("/api/datasets").get(x -> x.reply(new DatasetList(datasets.list())));
        routes.resource("/api/datasets/{name}").get(x -> x.reply(datasets.describe(x.pathParam("name")))).delete(x -> {
            String name = x.pathParam("name");
            datasets.delete(name);
            x.reply(new Message("deleted dataset " + name));
        });
        routes.resource("/api/dataset/download").post(x -> {
            DownloadRequest body = x.body(DownloadRequest.class);
            if (body.datasetName() == null || body.datasetName().isBlank()) {
                throw HttpError.badRequest("dataset_name is required");
            }
            x.reply(datasets.download(body.datasetName().strip()));
        });
        routes.resource("/api/dataset/generate").post(x -> x.reply(datasets.generate(x.body(GenerateRequest.class))));
    }
}
