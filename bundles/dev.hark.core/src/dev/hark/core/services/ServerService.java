package dev.hark.core.services;

/** The server the workbench talks to: the embedded one it supervises, or a remote one from the preferences. */
public interface ServerService {

    ServerStatus status();

    /** The token to present, or null. */
    String token();

    /** Re-reads the preferences (server mode, address, token) and switches if they changed. */
    void reconfigure();
}
