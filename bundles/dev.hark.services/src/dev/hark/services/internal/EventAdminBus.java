package dev.hark.services.internal;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.event.EventAdmin;

import dev.hark.core.Bus;
import dev.hark.core.HarkEvents;

/** The workbench's {@link Bus}: OSGi EventAdmin, asynchronous delivery (postEvent) so publishers never wait for views. */
@Component(service = Bus.class)
public final class EventAdminBus implements Bus {

    @Reference
    private EventAdmin eventAdmin;

    @Override
    public void post(String topic, Object payload) {
        eventAdmin.postEvent(HarkEvents.create(topic, payload));
    }
}
