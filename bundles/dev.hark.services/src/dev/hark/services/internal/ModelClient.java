package dev.hark.services.internal;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import dev.hark.api.HarkApi;
import dev.hark.core.Bus;
import dev.hark.core.HarkTopics;
import dev.hark.core.services.ModelService;
import dev.hark.core.services.ServerCallException;
import dev.hark.protocol.rest.BulkDeleteResult;
import dev.hark.protocol.rest.ModelEntry;

/** {@link ModelService} on the server in use; the model chosen for live transcription travels on the bus. */
@Component(service = ModelService.class)
public final class ModelClient implements ModelService {

    @Reference
    ApiSource server;
    @Reference
    Bus bus;

    private volatile String liveModel;

    @Override
    public List<ModelEntry> models() throws ServerCallException {
        return server.call(HarkApi::models);
    }

    @Override
    public List<ModelEntry> checkpoints() throws ServerCallException {
        return server.call(HarkApi::checkpoints);
    }

    @Override
    public BulkDeleteResult delete(List<String> names) throws ServerCallException {
        return server.call(api -> api.deleteModels(names));
    }

    @Override
    public Path downloadZip(List<String> names, Path target) throws ServerCallException {
        return server.call(api -> api.downloadModels(names, target));
    }

    @Override
    public void useForLive(String name) {
        String chosen = name == null || name.isBlank() ? null : name.strip();
        if (java.util.Objects.equals(chosen, liveModel)) {
            return;
        }
        liveModel = chosen;
        bus.post(HarkTopics.MODEL_FOR_LIVE, chosen == null ? "" : chosen);
    }

    @Override
    public Optional<String> liveModel() {
        return Optional.ofNullable(liveModel);
    }
}
