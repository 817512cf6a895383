package dev.hark.services.internal;

import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import dev.hark.api.HarkApi;
import dev.hark.api.ServerEvaluations;
import dev.hark.api.ServerRunSource;
import dev.hark.core.services.EvaluationService;
import dev.hark.core.services.ServerCallException;
import dev.hark.protocol.runs.EvaluationRecord;
import dev.hark.protocol.runs.EvaluationRequest;

/** {@link EvaluationService} on the server in use ({@link ServerEvaluations} over the workbench's one client of it). */
@Component(service = EvaluationService.class)
public final class EvaluationClient implements EvaluationService {

    @Reference
    ApiSource server;

    @Override
    public List<dev.hark.protocol.runs.RunCheckpoint> checkpoints(String runId) throws ServerCallException {
        HarkApi api = server.api();
        try {
            List<dev.hark.protocol.runs.RunCheckpoint> list = new ServerRunSource(api).record(runId).checkpoints();
            return list == null ? List.of() : list;
        } catch (java.io.IOException | IllegalArgumentException e) {
            throw new ServerCallException(0, e.getMessage());
        }
    }

    @Override
    public EvaluationRecord start(String runId, EvaluationRequest request) throws ServerCallException {
        return server.call(api -> new ServerEvaluations(api).start(runId, request));
    }

    @Override
    public EvaluationRecord get(String runId, String evaluationId) throws ServerCallException {
        return server.call(api -> new ServerEvaluations(api).get(runId, evaluationId));
    }

    @Override
    public List<EvaluationRecord> list(String runId) throws ServerCallException {
        return server.call(api -> new ServerEvaluations(api).list(runId).evaluations());
    }

    @Override
    public EvaluationRecord cancel(String runId, String evaluationId) throws ServerCallException {
        return server.call(api -> new ServerEvaluations(api).cancel(runId, evaluationId));
    }

    @Override
    public EvaluationRecord follow(String runId, String evaluationId, Consumer<EvaluationRecord> progress, BooleanSupplier cancelled)
            throws ServerCallException, InterruptedException {
        boolean cancelSent = false;
        while (true) {
            EvaluationRecord r = get(runId, evaluationId);
            progress.accept(r);
            if (r.ended()) {
                return r;
            }
            if (!cancelSent && cancelled.getAsBoolean()) {
                cancelSent = true;
                try {
                    cancel(runId, evaluationId);
                } catch (ServerCallException e) {
                    if (e.status() != 409) { // 409: it ended meanwhile
                        throw e;
                    }
                }
            }
            Thread.sleep(FOLLOW_INTERVAL_MS);
        }
    }
}
