package dev.hark.protocol;

import java.util.Optional;

/**
 * The line a Hark server prints on standard output once it listens, so that a supervising process (the
 * workbench's embedded server) learns its address without parsing prose: {@code @hark-ready {"url": ..., "port": ...}}.
 */
public record ServerReady(String url, int port) {

    public static final String PREFIX = "@hark-ready ";

    /** The line to print (without newline). */
    public String line() {
        return PREFIX + ProtocolJson.toJson(this);
    }

    /** The readiness of a line; empty for any other line. */
    public static Optional<ServerReady> parse(String line) {
        if (line == null || !line.startsWith(PREFIX)) {
            return Optional.empty();
        }
        try {
            ServerReady r = ProtocolJson.fromJson(line.substring(PREFIX.length()), ServerReady.class);
            return r.url() == null || r.port() <= 0 ? Optional.empty() : Optional.of(r);
        } catch (ProtocolException e) {
            return Optional.empty();
        }
    }
}
