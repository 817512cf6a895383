package dev.hark.services.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.hark.core.HarkTopics;

/** "Use for live transcription" is published on the bus and remembered for a Live view that opens later. */
class ModelClientTest {

    @Test
    void theChoiceTravelsOnTheBusAndIsRemembered() {
        List<Object[]> posted = new ArrayList<>();
        ModelClient models = new ModelClient();
        models.bus = (topic, payload) -> posted.add(new Object[] { topic, payload });
        assertTrue(models.liveModel().isEmpty());
        models.useForLive("ctc_digits_epoch_3");
        assertEquals(Optional.of("ctc_digits_epoch_3"), models.liveModel());
        assertEquals(1, posted.size());
        assertEquals(HarkTopics.MODEL_FOR_LIVE, posted.get(0)[0]);
        assertEquals("ctc_digits_epoch_3", posted.get(0)[1]);
        models.useForLive("ctc_digits_epoch_3");
        assertEquals(1, posted.size(), "the same choice again is no news");
        models.useForLive(null); // back to the server's default
        assertTrue(models.liveModel().isEmpty());
        assertEquals("", posted.get(1)[1]);
        models.useForLive("  ");
        assertEquals(2, posted.size());
    }
}
