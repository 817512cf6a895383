package dev.hark.protocol.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import dev.hark.protocol.ProtocolJson;
import dev.hark.protocol.runs.CheckpointInfo;
import dev.hark.protocol.runs.RunCheckpoint;

/** A server's checkpoint (as {@code GET /v2/runs/{id}} sends it) as the runs view's checkpoint table shows it. */
class CheckpointInfoTest {

    @Test
    void aServersCheckpointKeepsItsNumbersAndUnmeasuredOnesAreNaN() throws Exception {
        RunCheckpoint measured = ProtocolJson.fromJson("{\"name\":\"ctc-digits-epoch-3\",\"folder\":\"ctc-digits-r1-epoch-3\","
                + "\"epoch\":3,\"global_step\":42,\"val_loss\":1.25,\"cer\":0.5,\"wer\":0.75,\"status\":\"saved\","
                + "\"saved_at\":\"2026-11-27T10:00:00Z\"}", RunCheckpoint.class);
        CheckpointInfo c = CheckpointInfo.of(measured);
        assertEquals(new CheckpointInfo("ctc-digits-epoch-3", 3, 42, 1.25, 0.5, 0.75, "2026-11-27T10:00:00Z", Double.NaN, Double.NaN), c);
        assertFalse(c.evaluated(), "not evaluated until an evaluation is attached");

        RunCheckpoint unmeasured = ProtocolJson.fromJson("{\"folder\":\"ctc-digits-r1-epoch-1\",\"epoch\":1,\"global_step\":14,"
                + "\"val_loss\":null}", RunCheckpoint.class);
        CheckpointInfo u = CheckpointInfo.of(unmeasured);
        assertEquals("ctc-digits-r1-epoch-1", u.name(), "its folder names it when the server gave no client name");
        assertTrue(Double.isNaN(u.valLoss()) && Double.isNaN(u.cer()) && Double.isNaN(u.wer()), u.toString());
        assertEquals("", u.savedAt());
    }

    @Test
    void anEvaluationIsAttachedWithoutChangingTheValidation() {
        CheckpointInfo c = new CheckpointInfo("m", 1, 10, 2.0, 0.4, 0.6, "", Double.NaN, Double.NaN).withEvaluation(0.3, Double.NaN);
        assertTrue(c.evaluated());
        assertEquals(0.3, c.evalWer());
        assertTrue(Double.isNaN(c.evalCer()));
        assertEquals(0.6, c.wer(), "the validation's WER stays");
    }

    @Test
    void aCheckpointHasAName() {
        assertThrows(NullPointerException.class, () -> new CheckpointInfo(null, 1, 1, 0, 0, 0, "", 0, 0));
    }
}
