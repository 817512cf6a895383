package dev.hark.server.rest;

/**
 * What one method of one resource does. It answers through the {@link Exchange} (usually
 * {@link Exchange#reply(Object)} with a protocol record), or throws: {@link ErrorMapping} turns the exception into
 * a status and a {@code {"detail": ...}} body.
 */
@FunctionalInterface
public interface Endpoint {

    void handle(Exchange exchange) throws Exception;
}
