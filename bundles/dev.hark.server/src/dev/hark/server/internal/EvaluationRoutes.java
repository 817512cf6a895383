package dev.hark.server.internal;

import dev.hark.protocol.runs.EvaluationList;
import dev.hark.protocol.runs.EvaluationRequest;
import dev.hark.server.rest.RouteContribution;
import dev.hark.server.rest.RouteTable;

/**
 * Evaluations of a run's checkpoints (docs/protocol.md, "Evaluations"): {@code POST|GET /v2/runs/{id}/evaluations},
 * {@code GET|DELETE /v2/runs/{id}/evaluations/{eid}} (DELETE cancels one in progress). Bad fields are 400, unknown
 * runs, checkpoints, datasets and evaluations 404, a second evaluation while one runs 409 ({@link EvaluationJobs}).
 */
final class EvaluationRoutes implements RouteContribution {

    private final EvaluationJobs jobs;

    EvaluationRoutes(EvaluationJobs jobs) {
        this.jobs = jobs;
    }

    @Override
    public void contribute(RouteTable routes) {
        routes.resource("/v2/runs/{id}/evaluations")
                .post(x -> x.reply(jobs.start(x.pathParam("id"), x.body(EvaluationRequest.class))))
                .get(x -> x.reply(new EvaluationList(jobs.list(x.pathParam("id")))));
        routes.resource("/v2/runs/{id}/evaluations/{eid}")
                .get(x -> x.reply(jobs.get(x.pathParam("id"), x.pathParam("eid"))))
                .delete(x -> x.reply(jobs.cancel(x.pathParam("id"), x.pathParam("eid"))));
    }
}
