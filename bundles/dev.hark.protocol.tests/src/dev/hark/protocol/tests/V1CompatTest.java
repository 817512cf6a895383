package dev.hark.protocol.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.hark.protocol.ProtocolJson;
import dev.hark.protocol.V1;
import dev.hark.protocol.rest.EpochSeconds;
import dev.hark.protocol.rest.ModelEntry;
import dev.hark.protocol.rest.ModelList;

/** What issue 10 changed on the wire for v1 clients: epoch-second creation times, session-text finals. */
class V1CompatTest {

    @Test
    void createdAtIsEpochSecondsOnTheWireAndIsoTextInJava() throws Exception {
        ModelEntry e = new ModelEntry("ctc-d-epoch-1", null, false, null, null, null, "/x", 1, "ctc", "d", 1.5, 2,
                "2026-11-27T09:23:18.489Z", List.of(), null, null, null, null, null);
        String json = ProtocolJson.toJson(new ModelList(List.of(e)));
        assertTrue(json.contains("\"created_at\":" + 1795771398.489 + ","), "epoch seconds as a number: " + json);
        assertEquals("2026-11-27T09:23:18.489Z", EpochSeconds.text(1795771398.489));
        // asr-test's float reads as its text, as before, and is written back as a number
        ModelList v1 = ProtocolJson.fromJson("{\"models\":[{\"name\":\"realtime-ljspeech-epoch-1\",\"created_at\":1795771398.5}]}",
                ModelList.class);
        assertEquals("1795771398.5", v1.models().get(0).createdAt());
        assertTrue(ProtocolJson.toJson(v1).contains("\"created_at\":1.7957713985E9"), ProtocolJson.toJson(v1));
    }

    @Test
    void aClientReadsTheUtteranceOfAHarkFinalAndTheTextOfAV1Final() throws Exception {
        var hark = (V1.Text) V1.decodeServerMessage(V1.finalResult("hello there general kenobi", "general kenobi", 1.0, 2.0));
        assertEquals("general kenobi", hark.text());
        var v1 = (V1.Text) V1.decodeServerMessage("{\"type\":\"final\",\"payload\":{\"text\":\"whole session\"}}");
        assertEquals("whole session", v1.text());
    }
}
