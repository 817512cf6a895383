package dev.hark.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.hark.core.Bus;

/** A bus that keeps every event, for asserting what a service published. */
public final class RecordingBus implements Bus {

    /** One published event and when (System.nanoTime()). */
    public record Posted(String topic, Object payload, long at) {
    }

    private final List<Posted> events = new CopyOnWriteArrayList<>();

    @Override
    public void post(String topic, Object payload) {
        events.add(new Posted(topic, payload, System.nanoTime()));
    }

    public List<Posted> all() {
        return List.copyOf(events);
    }

    /** Payloads on {@code topic} of type {@code type}, in order. */
    public <T> List<T> payloads(String topic, Class<T> type) {
        List<T> out = new ArrayList<>();
        for (Posted p : events) {
            if (p.topic().equals(topic) && type.isInstance(p.payload())) {
                out.add(type.cast(p.payload()));
            }
        }
        return out;
    }

    public long count(String topic) {
        return events.stream().filter(p -> p.topic().equals(topic)).count();
    }
}
