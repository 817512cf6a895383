package dev.hark.server.internal.training;

import dev.hark.protocol.rest.TrainRequest;
import dev.hark.protocol.rest.TrainingState;
import dev.hark.server.rest.Exchange;
import dev.hark.server.rest.RouteContribution;
import dev.hark.server.rest.RouteTable;
import dev.hark.training.TestHooks;
import dev.hark.training.TrainingSupervisor;

/**
 * Training runs: {@code GET /api/status}, {@code GET /api/progress}, {@code POST /api/train/start|resume|stop}. Bodies
 * are read into {@link TrainRequest} and checked by {@link dev.hark.training.TrainRequest#from}; the test hooks are read
 * from the same body and refused unless {@code -D}{@value TestHooks#PROPERTY}{@code =true}.
 */
final class TrainingRoutes implements RouteContribution {

    private final TrainingSupervisor supervisor;

    TrainingRoutes(TrainingSupervisor supervisor) {
        this.supervisor = supervisor;
    }

    @Override
    public void contribute(RouteTable routes) {
        routes.resource("/api/status").get(x -> x.reply(new TrainingState(supervisor.isTraining())));
        routes.resource("/api/progress").get(x -> x.reply(supervisor.progress()));
        routes.resource("/api/train/start").post(x -> x.reply(supervisor.start(request(x), false)));
        routes.resource("/api/train/resume").post(x -> x.reply(supervisor.start(request(x), true)));
        routes.resource("/api/train/stop").post(x -> x.reply(supervisor.stop()));
    }

    private static dev.hark.training.TrainRequest request(Exchange x) throws Exception {
        String body = x.bodyText();
        return dev.hark.training.TrainRequest.from(Exchange.read(body, TrainRequest.class), Exchange.read(body, TestHooks.class));
    }
}
