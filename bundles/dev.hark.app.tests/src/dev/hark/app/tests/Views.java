package dev.hark.app.tests;

import java.nio.file.Path;
import java.time.Duration;

import org.eclipse.core.runtime.preferences.IEclipsePreferences;
import org.eclipse.core.runtime.preferences.InstanceScope;
import org.osgi.util.tracker.ServiceTracker;

import dev.hark.core.HarkPreferences;
import dev.hark.core.services.LiveService;
import dev.hark.core.services.ServerService;
import dev.hark.core.services.ServerStatus;
import dev.hark.services.internal.ServerSupervisor;
import dev.hark.testing.Await;

/** Test access to the workbench's preferences and services. */
final class Views {

    static final String LIVE = "dev.hark.ui.part.live";
    static final String TRAINING = "dev.hark.ui.part.training";
    static final String MODELS = "dev.hark.ui.part.models";
    static final String DATASETS = "dev.hark.ui.part.datasets";
    static final String INFERENCE = "dev.hark.ui.part.inference";
    static final String RUNS = "dev.hark.ui.part.runs";
    static final String CONNECTION = "dev.hark.app.part.connection";

    private Views() {
    }

    static <T> T service(Class<T> type) throws Exception {
        ServiceTracker<T, T> t = new ServiceTracker<>(RunningWorkbench.bundleContext(), type, null);
        t.open();
        T s = t.waitForService(30_000);
        if (s == null) {
            throw new AssertionError("no " + type.getSimpleName() + " service");
        }
        return s;
    }

    static ServerService serverService() throws Exception {
        return service(ServerService.class);
    }

    static LiveService live() throws Exception {
        return service(LiveService.class);
    }

    static ServerSupervisor supervisor() throws Exception {
        return service(ServerSupervisor.class);
    }

    /** Points the workbench at a remote server (the test's) and applies it. */
    static void useServer(String url, Path embeddedData) throws Exception {
        IEclipsePreferences p = InstanceScope.INSTANCE.getNode(HarkPreferences.NODE);
        p.put(HarkPreferences.SERVER_MODE, HarkPreferences.MODE_REMOTE);
        p.put(HarkPreferences.SERVER_URL, url);
        p.put(HarkPreferences.EMBEDDED_DATA, embeddedData.toString());
        p.flush();
        serverService().reconfigure();
    }

    /** Switches to the embedded server and waits until it listens. */
    static ServerStatus useEmbedded() throws Exception {
        IEclipsePreferences p = InstanceScope.INSTANCE.getNode(HarkPreferences.NODE);
        p.put(HarkPreferences.SERVER_MODE, HarkPreferences.MODE_EMBEDDED);
        p.flush();
        ServerService s = serverService();
        s.reconfigure();
        Await.until(Duration.ofSeconds(150), "the embedded server to listen; output: " + supervisor().recentOutput(),
                () -> s.status().embedded() && s.status().state() == ServerStatus.State.RUNNING);
        return s.status();
    }

    /** Back to remote mode: the supervisor stops its child. */
    static void stopEmbedded() throws Exception {
        IEclipsePreferences p = InstanceScope.INSTANCE.getNode(HarkPreferences.NODE);
        p.put(HarkPreferences.SERVER_MODE, HarkPreferences.MODE_REMOTE);
        p.flush();
        serverService().reconfigure();
    }
}
