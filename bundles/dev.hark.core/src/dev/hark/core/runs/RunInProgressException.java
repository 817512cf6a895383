package dev.hark.core.runs;

import java.io.IOException;

/**
 * A source refused to delete a run because it is still in progress (a Hark server's {@code 409}): stop it first. The
 * message is the source's own reason.
 *
 * @since 1.1
 */
public class RunInProgressException extends IOException {

    private static final long serialVersionUID = 1L;

    public RunInProgressException(String message) {
        super(message);
    }
}
