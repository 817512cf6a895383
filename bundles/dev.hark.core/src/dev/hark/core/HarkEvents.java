package dev.hark.core;

import java.util.Map;
import java.util.Optional;

import org.osgi.service.event.Event;

/**
 * Builds and reads Hark's bus events. Every event carries one payload object under {@link #DATA}.
 */
public final class HarkEvents {

    /**
     * The property that holds the payload. It is the key e4's event broker uses, so that a part can
     * receive the payload directly with {@code @UIEventTopic(HarkTopics.X) Payload p}; core does not
     * depend on e4, hence the literal.
     */
    public static final String DATA = "org.eclipse.e4.data";

    private HarkEvents() {
    }

    /** An event on {@code topic} carrying {@code payload}. */
    public static Event create(String topic, Object payload) {
        if (!isValidTopic(topic)) {
            throw new IllegalArgumentException("not a Hark topic: " + topic);
        }
        return new Event(topic, Map.of(DATA, payload));
    }

    /** The payload of {@code event} if it has the given type. */
    public static <T> Optional<T> payload(Event event, Class<T> type) {
        Object data = event.getProperty(DATA);
        return type.isInstance(data) ? Optional.of(type.cast(data)) : Optional.empty();
    }

    /**
     * Whether {@code topic} is a concrete Hark topic: under {@value HarkTopics#ROOT}/, made of
     * EventAdmin tokens (letters, digits, '_' and '-') separated by single slashes, no wildcard.
     */
    public static boolean isValidTopic(String topic) {
        return topic != null && topic.startsWith(HarkTopics.ROOT + "/")
                && topic.matches("[A-Za-z0-9_\\-]+(/[A-Za-z0-9_\\-]+)+");
    }
}
