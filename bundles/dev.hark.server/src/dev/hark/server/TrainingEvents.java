package dev.hark.server;

import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.function.Consumer;

import com.google.gson.JsonObject;

import dev.hark.protocol.ProtocolException;
import dev.hark.protocol.training.TrainingMessage;
import dev.hark.protocol.training.TrainingMessages;

/**
 * Fan-out of training and dataset events ({@link TrainingMessage}s) to every listener: the v1 {@code /ws} sockets,
 * which receive them as v1 envelopes, and the {@code /api/events} SSE streams. A listener that throws is dropped;
 * slow listeners are the listener's business (sockets and streams queue).
 */
public final class TrainingEvents implements Consumer<TrainingMessage> {

    private final Set<Consumer<TrainingMessage>> listeners = new CopyOnWriteArraySet<>();

    public void subscribe(Consumer<TrainingMessage> listener) {
        listeners.add(listener);
    }

    public void unsubscribe(Consumer<TrainingMessage> listener) {
        listeners.remove(listener);
    }

    /** Sends {@code message} to every listener. */
    public void publish(TrainingMessage message) {
        for (Consumer<TrainingMessage> l : listeners) {
            try {
                l.accept(message);
            } catch (RuntimeException e) {
                listeners.remove(l);
            }
        }
    }

    /** The same as {@link #publish(TrainingMessage)}: the events are the sink of the dataset store and the supervisor. */
    @Override
    public void accept(TrainingMessage message) {
        publish(message);
    }

    /**
     * Publishes a payload given as a JSON tree, read as the record of its type.
     *
     * @deprecated for callers not yet moved to the records (the workbench tests); publish a {@link TrainingMessage}
     * @throws IllegalArgumentException for an unknown type or a payload that does not fit it
     */
    @Deprecated
    public void publish(String type, JsonObject payload) {
        try {
            publish(TrainingMessages.decode(type, payload));
        } catch (ProtocolException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    public int listenerCount() {
        return listeners.size();
    }
}
