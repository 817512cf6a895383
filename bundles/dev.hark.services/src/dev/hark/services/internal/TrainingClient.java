package dev.hark.services.internal;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import dev.hark.api.HarkApi;
import dev.hark.core.services.ServerCallException;
import dev.hark.core.services.TrainingHistory;
import dev.hark.core.services.TrainingService;
import dev.hark.protocol.rest.ProgressReport;
import dev.hark.protocol.rest.TrainRequest;
import dev.hark.protocol.rest.TrainStarted;

/** {@link TrainingService} on the server in use. */
@Component(service = TrainingService.class)
public final class TrainingClient implements TrainingService {

    @Reference
    ApiSource server;
    @Reference
    TrainingHistory history;

    @Override
    public TrainStarted start(TrainRequest request) throws ServerCallException {
        TrainStarted started = server.call(api -> api.trainStart(request));
        history.clear();
        return started;
    }

    @Override
    public TrainStarted resume(TrainRequest request) throws ServerCallException {
        return server.call(api -> api.trainResume(request));
    }

    @Override
    public String stop() throws ServerCallException {
        return server.call(HarkApi::trainStop).message();
    }

    @Override
    public ProgressReport progress() throws ServerCallException {
        return server.call(HarkApi::progress);
    }

    @Override
    public TrainingHistory history() {
        return history;
    }
}
