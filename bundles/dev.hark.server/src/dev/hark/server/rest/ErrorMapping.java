package dev.hark.server.rest;

import dev.hark.protocol.ProtocolException;
import dev.hark.training.TrainingException;

/**
 * The one place where exceptions of the services become HTTP statuses: {@link HttpError} its own,
 * {@link TrainingException} by reason (INVALID 400, NOT_FOUND 404, CONFLICT 409, UNAVAILABLE 503), unreadable or
 * ill-typed bodies ({@link ProtocolException}) and refused arguments ({@link IllegalArgumentException}) 400, Jetty's
 * refusals of a malformed request their 4xx status, anything else 500.
 */
public final class ErrorMapping {

    private ErrorMapping() {
    }

    /** The HTTP status for a failure of an endpoint. */
    public static int status(Throwable failure) {
        return switch (failure) {
            case HttpError e -> e.status();
            case TrainingException e -> status(e.reason());
            case ProtocolException e -> 400;
            case IllegalArgumentException e -> 400;
            // Jetty's own refusals of a request (a malformed percent-escape in the query, a bad header) carry their status
            case org.eclipse.jetty.http.HttpException e when e.getCode() >= 400 && e.getCode() < 500 -> e.getCode();
            default -> 500;
        };
    }

    /** The HTTP status for a refused training or dataset request. */
    public static int status(TrainingException.Reason reason) {
        return switch (reason) {
            case INVALID -> 400;
            case NOT_FOUND -> 404;
            case CONFLICT -> 409;
            case UNAVAILABLE -> 503;
        };
    }

    /** The {@code detail} a client reads: the message of a refusal, a short description of an internal error. */
    public static String detail(Throwable failure) {
        if (status(failure) == 500 || failure.getMessage() == null) {
            return "internal error: " + failure;
        }
        return failure.getMessage();
    }
}
