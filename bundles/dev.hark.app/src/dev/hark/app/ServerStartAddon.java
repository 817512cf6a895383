package dev.hark.app;

import dev.hark.core.services.ServerService;
import jakarta.annotation.PostConstruct;

/**
 * Starts the workbench's server (the embedded child process, or the remote one from the preferences)
 * when the workbench starts: only the workbench does, never a headless application of the same
 * installation.
 */
public class ServerStartAddon {

    @PostConstruct
    public void start(ServerService server) {
        server.start();
    }
}
