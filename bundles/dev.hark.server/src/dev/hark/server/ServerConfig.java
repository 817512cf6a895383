package dev.hark.server;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How a Hark server runs.
 *
 * @param host            the address to bind; loopback by default
 * @param port            the TCP port; 0 picks a free one
 * @param dataDir         the data folder (checkpoints, datasets, runs); created if missing
 * @param token           a shared secret clients must present, or null; required off loopback
 * @param maxFrameBytes   the largest audio frame accepted on a streaming socket (larger ones get an error)
 * @param maxUploadBytes  the largest request body accepted (file inference uploads)
 * @param resumeWindow    how long a v2 session survives its connection, waiting for a resume
 * @param v2Enabled       false to serve v1 only, as an asr-test backend does (compatibility testing)
 * @param maxStreamsPerModel recognition streams of one model that run at once (more get a busy error); 0 derives it
 *                        from the machine's cores and memory
 * @param maxDetachedSessions v2 sessions kept for a resume after their connection dropped (the oldest go first)
 */
public record ServerConfig(String host, int port, Path dataDir, String token, int maxFrameBytes, long maxUploadBytes,
        Duration resumeWindow, boolean v2Enabled, int maxStreamsPerModel, int maxDetachedSessions) {

    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 58081;
    public static final int DEFAULT_MAX_FRAME_BYTES = 1 << 20;
    public static final long DEFAULT_MAX_UPLOAD_BYTES = 512L << 20;
    public static final Duration DEFAULT_RESUME_WINDOW = Duration.ofSeconds(120);
    /** Derive the stream capacity from the machine. */
    public static final int AUTO_STREAMS = 0;
    public static final int DEFAULT_MAX_DETACHED_SESSIONS = 64;

    public ServerConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(dataDir, "dataDir");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0..65535, got " + port);
        }
        if (token != null && token.isBlank()) {
            token = null;
        }
        if (maxFrameBytes <= 0 || maxUploadBytes <= 0) {
            throw new IllegalArgumentException("limits must be positive");
        }
        Objects.requireNonNull(resumeWindow, "resumeWindow");
        if (maxStreamsPerModel < 0 || maxDetachedSessions < 0) {
            throw new IllegalArgumentException("stream and session limits must be 0 or more");
        }
        if (host.length() > 2 && host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1); // "[::1]" as written in URLs: the address is ::1
        }
    }

    /** Defaults: loopback, port 58081 (v1's), data in ~/.hark/server, no token. */
    public static ServerConfig defaults() {
        return new ServerConfig(DEFAULT_HOST, DEFAULT_PORT, defaultDataDir(), null, DEFAULT_MAX_FRAME_BYTES,
                DEFAULT_MAX_UPLOAD_BYTES, DEFAULT_RESUME_WINDOW, true,
                AUTO_STREAMS, DEFAULT_MAX_DETACHED_SESSIONS);
    }

    public static Path defaultDataDir() {
        return Path.of(System.getProperty("user.home"), ".hark", "server");
    }

    public ServerConfig withHost(String h) {
        return new ServerConfig(h, port, dataDir, token, maxFrameBytes, maxUploadBytes, resumeWindow, v2Enabled, maxStreamsPerModel, maxDetachedSessions);
    }

    public ServerConfig withPort(int p) {
        return new ServerConfig(host, p, dataDir, token, maxFrameBytes, maxUploadBytes, resumeWindow, v2Enabled, maxStreamsPerModel, maxDetachedSessions);
    }

    public ServerConfig withDataDir(Path d) {
        return new ServerConfig(host, port, d, token, maxFrameBytes, maxUploadBytes, resumeWindow, v2Enabled, maxStreamsPerModel, maxDetachedSessions);
    }

    public ServerConfig withToken(String t) {
        return new ServerConfig(host, port, dataDir, t, maxFrameBytes, maxUploadBytes, resumeWindow, v2Enabled, maxStreamsPerModel, maxDetachedSessions);
    }

    public ServerConfig withResumeWindow(Duration w) {
        return new ServerConfig(host, port, dataDir, token, maxFrameBytes, maxUploadBytes, w, v2Enabled, maxStreamsPerModel, maxDetachedSessions);
    }

    public ServerConfig withV2(boolean enabled) {
        return new ServerConfig(host, port, dataDir, token, maxFrameBytes, maxUploadBytes, resumeWindow, enabled, maxStreamsPerModel, maxDetachedSessions);
    }

    /** {@code n} streams per model at most (0: derived from the machine). */
    public ServerConfig withMaxStreamsPerModel(int n) {
        return new ServerConfig(host, port, dataDir, token, maxFrameBytes, maxUploadBytes, resumeWindow, v2Enabled, n,
                maxDetachedSessions);
    }

    public ServerConfig withMaxDetachedSessions(int n) {
        return new ServerConfig(host, port, dataDir, token, maxFrameBytes, maxUploadBytes, resumeWindow, v2Enabled,
                maxStreamsPerModel, n);
    }

    /** Whether {@link #host()} is a loopback address (where running without a token is allowed). */
    public boolean isLoopback() {
        if (host.equals("localhost")) {
            return true;
        }
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** Throws with a one-line reason when the configuration must not run. */
    public void validate() {
        if (!isLoopback() && token == null) {
            throw new IllegalArgumentException("binding " + host + " exposes the server beyond this machine: give a --token");
        }
    }
}
