package dev.hark.server.internal;

import org.eclipse.jetty.util.component.AbstractLifeCycle;
import org.eclipse.jetty.util.component.LifeCycle;

/** Adapters that let plain {@link AutoCloseable} services be Jetty beans: started as they are, closed on stop. */
public final class LifeCycles {

    private LifeCycles() {
    }

    /** A bean that closes {@code service} when stopped. */
    public static LifeCycle closing(String name, AutoCloseable service) {
        return new AbstractLifeCycle() {
            @Override
            protected void doStop() throws Exception {
                service.close();
            }

            @Override
            public String toString() {
                return name;
            }
        };
    }
}
