package dev.hark.server.rest;

/** An answer other than 200 that an endpoint gives by throwing: the status and the client's {@code detail}. */
public final class HttpError extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final transient java.util.Map<String, String> headers;

    public HttpError(int status, String detail) {
        this(status, detail, java.util.Map.of());
    }

    /** With response headers, e.g. {@code Retry-After} on a 503. */
    public HttpError(int status, String detail, java.util.Map<String, String> headers) {
        super(detail);
        this.status = status;
        this.headers = java.util.Map.copyOf(headers);
    }

    public java.util.Map<String, String> headers() {
        return headers == null ? java.util.Map.of() : headers;
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
