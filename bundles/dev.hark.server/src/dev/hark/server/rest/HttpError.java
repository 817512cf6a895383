package dev.hark.server.rest;

/** An answer other than 200 that an endpoint gives by throwing: the status and the client's {@code detail}. */
public final class HttpError extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;

    public HttpError(int status, String detail) {
        super(detail);
        this.status = status;
    }

    public static HttpError badRequest(String detail) {
        return new HttpError(400, detail);
    }

    public static HttpError notFound(String detail) {
        return new HttpError(404, detail);
    }

    public static HttpError unavailable(String detail) {
        return new HttpError(503, detail);
    }

    public int status() {
        return status;
    }
}
