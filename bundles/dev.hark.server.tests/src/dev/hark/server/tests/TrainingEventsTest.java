package dev.hark.server.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.hark.protocol.training.TrainingLog;
import dev.hark.protocol.training.TrainingMessage;
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
}
