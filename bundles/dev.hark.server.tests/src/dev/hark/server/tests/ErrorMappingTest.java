package dev.hark.server.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import dev.hark.protocol.ProtocolException;
import dev.hark.server.rest.ErrorMapping;
import dev.hark.server.rest.HttpError;
import dev.hark.training.TrainingException;
import dev.hark.training.TrainingException.Reason;

/** The one place where refusals become HTTP statuses. */
class ErrorMappingTest {

    @Test
    void trainingReasonsMapToTheirStatuses() {
        assertEquals(400, ErrorMapping.status(new TrainingException(Reason.INVALID, "bad")));
        assertEquals(404, ErrorMapping.status(new TrainingException(Reason.NOT_FOUND, "gone")));
        assertEquals(409, ErrorMapping.status(new TrainingException(Reason.CONFLICT, "busy")));
        assertEquals(503, ErrorMapping.status(new TrainingException(Reason.UNAVAILABLE, "later")));
        for (Reason r : Reason.values()) {
            assertTrue(ErrorMapping.status(r) >= 400 && ErrorMapping.status(r) < 600, r.name());
        }
        assertEquals("busy", ErrorMapping.detail(TrainingException.conflict("busy")));
    }

    @Test
    void otherFailures() {
        assertEquals(415, ErrorMapping.status(new HttpError(415, "not audio")));
        assertEquals(400, ErrorMapping.status(new ProtocolException("bad_json", "invalid JSON")));
        assertEquals(400, ErrorMapping.status(new IllegalArgumentException("invalid name")));
        assertEquals("invalid name", ErrorMapping.detail(new IllegalArgumentException("invalid name")));
        assertEquals(500, ErrorMapping.status(new NullPointerException()));
        assertTrue(ErrorMapping.detail(new IllegalStateException("oops")).startsWith("internal error: java.lang.IllegalStateException"));
        assertEquals(500, ErrorMapping.status(new java.io.IOException("disk full")), "an I/O failure is the server's, not the client's");
    }
}
