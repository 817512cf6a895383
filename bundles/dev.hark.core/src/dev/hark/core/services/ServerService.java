package dev.hark.core.services;

/** The server the workbench talks to: the embedded one it supervises, or a remote one from the preferences. */
public interface ServerService {

    ServerStatus status();

    /** The token to present, or null. */
    String token();

    /**
     * Starts the configured server (embedded or remote) unless it runs already. The workbench calls it
     * once at startup; nothing starts on its own, so headless applications that share the installation
     * (hark serve, hark transcribe) never spawn an embedded server.
     */
    void start();

    /** Re-reads the preferences (server mode, address, token) and switches if they changed. */
    void reconfigure();
}
