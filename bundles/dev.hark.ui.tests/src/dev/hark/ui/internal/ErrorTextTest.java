package dev.hark.ui.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import dev.hark.core.services.ServerCallException;

/** A route an older (asr-test) server lacks reads as "not supported by this server", in the user's language. */
class ErrorTextTest {

    @Test
    void unsupportedRoutesAreSaidInTheUsersLanguage() {
        assertEquals(Messages.Common_notSupported + " (generating datasets)",
                ErrorText.message(new ServerCallException(404, "not supported by this server (generating datasets)")));
        assertEquals("no dataset named \"x\"", ErrorText.message(new ServerCallException(404, "no dataset named \"x\"")));
    }
}
