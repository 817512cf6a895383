package dev.hark.server.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.google.gson.JsonObject;

import dev.hark.protocol.training.TrainingLog;
import dev.hark.protocol.training.TrainingMessage;
import dev.hark.protocol.training.TrainingProgress;
import dev.hark.server.TrainingEvents;

/** The fan-out of typed training events. */
class TrainingEventsTest {

    @Test
    void everyListenerGetsTheRecordAndAThrowingOneIsDropped() {
        TrainingEvents events = new TrainingEvents();
        List<TrainingMessage> got = new ArrayList<>();
        events.subscribe(got::add);
        events.subscribe(m -> {
            throw new IllegalStateException("broken listener");
        });
        assertEquals(2, events.listenerCount());
        TrainingLog log = new TrainingLog(TrainingLog.INFO, "hello");
        events.publish(log);
        assertEquals(List.of(log), got);
        assertEquals(1, events.listenerCount(), "the throwing listener is gone");
    }

    @Test
    @SuppressWarnings("deprecation")
    void aJsonPayloadIsReadAsTheRecordOfItsType() {
        TrainingEvents events = new TrainingEvents();
        List<TrainingMessage> got = new ArrayList<>();
        events.subscribe(got::add);
        JsonObject p = new JsonObject();
        p.addProperty("epoch", 2);
        p.addProperty("step", 12);
        p.addProperty("total_steps", 100);
        events.publish("progress", p);
        TrainingProgress progress = (TrainingProgress) got.get(0);
        assertEquals(12, progress.step());
        assertEquals(0.12, progress.fraction(), 1e-9);
        assertThrows(IllegalArgumentException.class, () -> events.publish("no_such_type", new JsonObject()));
    }
}
