package dev.hark.protocol.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import dev.hark.protocol.ProtocolException;
import dev.hark.protocol.V2;

/** The v2 resume message: its optional state and warm-up count on the wire. */
class V2ResumeTest {

    static final String RESUME = "{\"type\":\"resume\",\"session\":\"s1\",\"token\":\"t1\",\"model\":\"en-us\",\"sample_rate\":16000,"
            + "\"format\":\"i16\",\"acked_seq\":41,\"acked_time\":0.42";

    @Test
    void warmUpFramesTravelAndDefaultToNone() throws Exception {
        String json = V2.encode(new V2.Resume("s1", "en-us", 16000, "i16", 41, 0.42, "t1", "ps1.AAAA", 12));
        assertTrue(json.contains("\"warm_up_frames\":12"), json);
        V2.Resume back = (V2.Resume) V2.decodeClientMessage(json);
        assertEquals(12, back.warmUpFrames());
        assertEquals("ps1.AAAA", back.state());

        V2.Resume older = (V2.Resume) V2.decodeClientMessage(RESUME + "}");
        assertEquals(0, older.warmUpFrames(), "a client before warm-ups sends none");
        String plain = V2.encode(new V2.Resume("s1", "en-us", 16000, "i16", 41, 0.42, "t1"));
        assertFalse(plain.contains("\"state\""), "no state is left out: " + plain);
    }

    @Test
    void aWarmUpCountThatIsNotAWholeNumberIsRefused() {
        for (String bad : new String[] { "2.5", "1e12", "\"3\"" }) {
            ProtocolException e = assertThrows(ProtocolException.class,
                    () -> V2.decodeClientMessage(RESUME + ",\"warm_up_frames\":" + bad + "}"), bad);
            assertEquals("bad_field", e.code(), bad);
        }
    }
}
