package dev.hark.services.internal;

import java.util.List;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import dev.hark.api.HarkApi;
import dev.hark.core.services.DatasetService;
import dev.hark.core.services.ServerCallException;
import dev.hark.protocol.rest.DatasetInfo;
import dev.hark.protocol.rest.DatasetJob;
import dev.hark.protocol.rest.GenerateRequest;

/** {@link DatasetService} on the server in use. */
@Component(service = DatasetService.class)
public final class DatasetClient implements DatasetService {

    @Reference
    ApiSource server;

    @Override
    public List<DatasetInfo> list() throws ServerCallException {
        return server.call(HarkApi::datasets);
    }

    @Override
    public DatasetJob download(String name) throws ServerCallException {
        return server.call(api -> api.downloadDataset(name));
    }

    @Override
    public DatasetJob generate(GenerateRequest request) throws ServerCallException {
        return server.call(api -> api.generateDataset(request));
    }

    @Override
    public void delete(String name) throws ServerCallException {
        server.call(api -> {
            api.deleteDataset(name);
            return name;
        });
    }
}
