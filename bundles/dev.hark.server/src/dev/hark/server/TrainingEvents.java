package dev.hark.server;

import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.function.Consumer;


import dev.hark.protocol.training.TrainingMessage;

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

    public int listenerCount() {
        return listeners.size();
    }
}
