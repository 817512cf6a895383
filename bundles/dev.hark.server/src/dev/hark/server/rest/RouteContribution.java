package dev.hark.server.rest;

/**
 * A set of REST routes a part of the server adds to the route table: the server's own resources (models,
 * checkpoints, inference, events, health and config) and the training side's (training runs, datasets). The
 * server collects its contributions when it is assembled; a contribution that owns services (stores, supervisors)
 * is also a Jetty bean of the server, so they start and stop with it.
 */
@FunctionalInterface
public interface RouteContribution {

    /** Adds this contribution's resources and their methods to {@code routes}. */
    void contribute(RouteTable routes);
}
