package dev.hark.core.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;
import org.osgi.util.tracker.ServiceTracker;

import dev.hark.core.ConnectionState;
import dev.hark.core.HarkEvents;
import dev.hark.core.HarkTopics;
import dev.hark.core.StreamStateChanged;

/** Posts through the framework's real EventAdmin and receives with a wildcard subscription. */
class EventBusRoundTripTest {

    private static BundleContext context() throws Exception {
        Bundle bundle = FrameworkUtil.getBundle(HarkEvents.class);
        if (bundle.getState() != Bundle.ACTIVE) {
            bundle.start();
        }
        return bundle.getBundleContext();
    }

    @Test
    void stateEventReachesAWildcardSubscriberWithItsPayload() throws Exception {
        BundleContext context = context();
        ServiceTracker<EventAdmin, EventAdmin> tracker = new ServiceTracker<>(context, EventAdmin.class, null);
        tracker.open();
        try {
            EventAdmin eventAdmin = tracker.waitForService(10_000);
            assertNotNull(eventAdmin, "no EventAdmin service in the test runtime");

            List<StreamStateChanged> received = new CopyOnWriteArrayList<>();
            CountDownLatch latch = new CountDownLatch(2);
            Dictionary<String, Object> props = new Hashtable<>();
            props.put(EventConstants.EVENT_TOPIC, HarkTopics.STREAM_ALL);
            EventHandler handler = event -> HarkEvents.payload(event, StreamStateChanged.class).ifPresent(s -> {
                received.add(s);
                latch.countDown();
            });
            ServiceRegistration<EventHandler> reg = context.registerService(EventHandler.class, handler, props);
            try {
                StreamStateChanged connecting = StreamStateChanged.of(ConnectionState.CONNECTING, "ws://127.0.0.1:1/ws", "");
                StreamStateChanged failed = StreamStateChanged.of(ConnectionState.FAILED, "ws://127.0.0.1:1/ws", "refused");
                eventAdmin.postEvent(HarkEvents.create(HarkTopics.STREAM_STATE, connecting));
                // a topic outside the wildcard must not arrive
                eventAdmin.postEvent(HarkEvents.create(HarkTopics.AUDIO_STATE, StreamStateChanged.of(ConnectionState.IDLE, "", "")));
                eventAdmin.postEvent(HarkEvents.create(HarkTopics.STREAM_STATE, failed));
                assertTrue(latch.await(10, TimeUnit.SECONDS), "events did not arrive: " + received);
                // postEvent is asynchronous but ordered per thread
                assertEquals(List.of(connecting, failed), received);
            } finally {
                reg.unregister();
            }
        } finally {
            tracker.close();
        }
    }

    @Test
    void payloadOfTheWrongTypeIsEmpty() {
        var event = HarkEvents.create(HarkTopics.STREAM_STATE, "not a state");
        assertTrue(HarkEvents.payload(event, StreamStateChanged.class).isEmpty());
        assertEquals("not a state", HarkEvents.payload(event, String.class).orElseThrow());
    }

    @Test
    void malformedTopicsAndStatesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> HarkEvents.create("hark/stream/*", "x"));
        assertThrows(IllegalArgumentException.class, () -> HarkEvents.create("other/topic", "x"));
        assertThrows(NullPointerException.class, () -> StreamStateChanged.of(null, "", ""));
        assertThrows(IllegalArgumentException.class,
                () -> new StreamStateChanged(ConnectionState.IDLE, "", "", -1, null));
    }
}
