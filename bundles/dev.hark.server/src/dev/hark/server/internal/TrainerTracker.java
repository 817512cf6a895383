package dev.hark.server.internal;

import java.util.List;

import org.eclipse.jetty.util.component.AbstractLifeCycle;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.util.tracker.ServiceTracker;

import dev.hark.training.run.ModelTrainer;

/** The trainable models: {@link ModelTrainer} services, tracked while the server runs inside OSGi (none outside). */
final class TrainerTracker extends AbstractLifeCycle {

    private volatile ServiceTracker<ModelTrainer, ModelTrainer> tracker;

    @Override
    protected void doStart() {
        Bundle bundle = FrameworkUtil.getBundle(TrainerTracker.class);
        BundleContext context = bundle == null ? null : bundle.getBundleContext();
        if (context != null) {
            ServiceTracker<ModelTrainer, ModelTrainer> t = new ServiceTracker<>(context, ModelTrainer.class, null);
            t.open();
            tracker = t;
        }
    }

    List<ModelTrainer> trainers() {
        ServiceTracker<ModelTrainer, ModelTrainer> t = tracker;
        return t == null ? List.of() : List.of(t.getServices(new ModelTrainer[0]));
    }

    @Override
    protected void doStop() {
        ServiceTracker<ModelTrainer, ModelTrainer> t = tracker;
        tracker = null;
        if (t != null) {
            t.close();
        }
    }
}
