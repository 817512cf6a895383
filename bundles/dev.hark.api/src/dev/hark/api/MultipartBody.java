package dev.hark.api;

import java.io.FileNotFoundException;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.UUID;

/**
 * A {@code multipart/form-data} body with one file part (RFC 7578), streamed from disk. The JDK's
 * {@code HttpClient} has no multipart support; Jetty's {@code MultiPartRequestContent} needs Jetty's own
 * client, which would mean a second HTTP client (and thread pool) per server for this one call. So this
 * small writer stays, with its tests ({@code dev.hark.services.tests}).
 */
public final class MultipartBody {

    private final String boundary;
    private final String field;
    private final Path file;

    public MultipartBody(String field, Path file) {
        this("hark-" + UUID.randomUUID(), field, file);
    }

    public MultipartBody(String boundary, String field, Path file) {
        this.boundary = boundary;
        this.field = field;
        this.file = file;
    }

    /** The request's Content-Type header value. */
    public String contentType() {
        return "multipart/form-data; boundary=" + boundary;
    }

    /** The part's header: quotes, CR and LF cannot end the file name early. */
    public String head() {
        String name = file.getFileName().toString().replaceAll("[\"\r\n]", "_");
        return "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + field + "\"; filename=\"" + name
                + "\"\r\nContent-Type: application/octet-stream\r\n\r\n";
    }

    public String tail() {
        return "\r\n--" + boundary + "--\r\n";
    }

    public HttpRequest.BodyPublisher publisher() throws FileNotFoundException {
        return HttpRequest.BodyPublishers.concat(HttpRequest.BodyPublishers.ofString(head(), StandardCharsets.UTF_8),
                HttpRequest.BodyPublishers.ofFile(file), HttpRequest.BodyPublishers.ofString(tail(), StandardCharsets.UTF_8));
    }
}
