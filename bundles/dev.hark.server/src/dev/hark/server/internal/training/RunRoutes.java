package dev.hark.server.internal.training;

import java.util.List;

import dev.hark.protocol.SafeNames;
import dev.hark.protocol.runs.RunDeleted;
import dev.hark.protocol.runs.RunList;
import dev.hark.server.ModelCatalog;
import dev.hark.server.rest.Exchange;
import dev.hark.server.rest.HttpError;
import dev.hark.server.rest.RouteContribution;
import dev.hark.server.rest.RouteTable;
import dev.hark.training.TrainingSupervisor;

/**
 * The server's training runs (protocol v2, {@code docs/protocol.md}): {@code GET /v2/runs}, {@code GET /v2/runs/{id}},
 * {@code GET /v2/runs/{id}/scalars?tag=T&max_points=N} and {@code DELETE /v2/runs/{id}} (409 while the run is in
 * progress). Ids are checked by {@link dev.hark.training.RunHistory} (400 for a name that is not a run's, 404 for none).
 */
public final class RunRoutes implements RouteContribution {

    /** The most points one scalars request may ask for (0, the default, means all). */
    static final int MAX_POINTS = 10_000_000;

    /** What must happen before a run is deleted (its evaluation in progress cancelled). */
    public interface BeforeDelete {
        void run(String runId) throws InterruptedException;
    }

    private final TrainingSupervisor supervisor;
    private final ModelCatalog catalog;
    private final BeforeDelete beforeDelete;

    RunRoutes(TrainingSupervisor supervisor, ModelCatalog catalog, BeforeDelete beforeDelete) {
        this.supervisor = supervisor;
        this.catalog = catalog;
        this.beforeDelete = beforeDelete;
    }

    @Override
    public void contribute(RouteTable routes) {
        routes.resource("/v2/runs").get(x -> x.reply(new RunList(supervisor.history().list())));
        routes.resource("/v2/runs/{id}").get(x -> x.reply(supervisor.history().get(x.pathParam("id")))).delete(this::delete);
        routes.resource("/v2/runs/{id}/scalars").get(x -> x.reply(supervisor.history().series(x.pathParam("id"), x.queryValue("tag"),
                maxPoints(x.queryValue("max_points")))));
    }

    private void delete(Exchange x) throws Exception {
        String id = x.pathParam("id");
        if (!dev.hark.protocol.runs.RunRecord.RUNNING.equals(supervisor.history().get(id).status())) { // 400/404 first
            beforeDelete.run(id); // its evaluation in progress ends before its folder goes
        }
        List<String> deleted = supervisor.deleteRun(id);
        if (catalog != null) {
            deleted.forEach(catalog::unload);
        }
        x.reply(new RunDeleted(id, deleted, "deleted run " + id + " and its " + deleted.size() + " checkpoint"
                + (deleted.size() == 1 ? "" : "s")));
    }

    static int maxPoints(String value) {
        if (value == null || value.isBlank()) {
            return 0;
        }
        try {
            int n = Integer.parseInt(value.strip());
            if (n < 0 || n > MAX_POINTS) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw HttpError.badRequest("max_points must be a whole number in 0.." + MAX_POINTS + " (0: all), not \""
                    + SafeNames.printable(value) + "\"");
        }
    }
}
