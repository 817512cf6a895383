package dev.hark.core.services;

import java.net.URI;

/**
 * Payload of {@link dev.hark.core.HarkTopics#SERVER_STATE}: the server the workbench uses.
 *
 * @param embedded true for the workbench's own child-process server, false for a remote one
 * @param state    what it is doing
 * @param uri      its base address (http://host:port), or null while unknown
 * @param detail   why (for FAILED and RESTARTING), or empty
 * @param restarts how often the embedded server was restarted after dying
 */
public record ServerStatus(boolean embedded, State state, URI uri, String detail, int restarts) {

    public enum State {
        STARTING, RUNNING, RESTARTING, FAILED, STOPPED
    }
}
