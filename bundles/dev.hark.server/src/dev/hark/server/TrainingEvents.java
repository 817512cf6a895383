package dev.hark.server;

import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.function.BiConsumer;

import com.google.gson.JsonObject;

/**
 * Fan-out of training events (progress, log, validation_result, status, error) to every listener: the
 * v1 {@code /ws} sockets, which receive them as v1 did, and the {@code /api/events} SSE streams. A
 * listener that throws is dropped; slow listeners are the listener's business (sockets queue).
 */
public final class TrainingEvents {

    private final Set<BiConsumer<String, JsonObject>> listeners = new CopyOnWriteArraySet<>();

    public void subscribe(BiConsumer<String, JsonObject> listener) {
        listeners.add(listener);
    }

    public void unsubscribe(BiConsumer<String, JsonObject> listener) {
        listeners.remove(listener);
    }

    /** Sends {@code {"type": type, "payload": payload}} to every listener. */
    public void publish(String type, JsonObject payload) {
        for (BiConsumer<String, JsonObject> l : listeners) {
            try {
                l.accept(type, payload);
            } catch (RuntimeException e) {
                listeners.remove(l);
            }
        }
    }

    public int listenerCount() {
        return listeners.size();
    }
}
