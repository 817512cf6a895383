package dev.hark.server.internal;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.eclipse.equinox.app.IApplication;
import org.eclipse.equinox.app.IApplicationContext;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import dev.hark.server.HarkServer;
import dev.hark.server.ModelCatalog;
import dev.hark.server.ServerConfig;

/**
 * The headless server application ({@code hark serve}, the hark-server product). Prints one line
 * {@code Hark server listening on http://HOST:PORT ...} once it accepts connections (the workbench's
 * supervisor waits for it), and runs until the framework stops. Exit codes: 0 stopped, 1 could not
 * start (e.g. port taken), 2 bad arguments.
 */
public final class ServerApplication implements IApplication {

    /** How long to wait for the first speech engine to register. */
    private static final int ENGINE_WAIT_SECONDS = 60;

    private final CountDownLatch stopped = new CountDownLatch(1);

    @Override
    public Object start(IApplicationContext context) throws Exception {
        String[] args = (String[]) context.getArguments().getOrDefault(IApplicationContext.APPLICATION_ARGS, new String[0]);
        context.applicationRunning();
        ServerConfig config;
        try {
            config = ServeArguments.parse(args, System.getenv("HARK_SERVER_TOKEN"));
        } catch (dev.hark.core.cli.UsageException e) {
            boolean help = e.help();
            (help ? System.out : System.err).print(help ? e.getMessage() : "hark serve: " + e.getMessage() + System.lineSeparator());
            return help ? EXIT_OK : Integer.valueOf(2);
        }
        bundleContext(); // our components (ServerComponent) are activated once the bundle is
        ServerComponent runtime;
        try {
            // engines are DS components that may register a moment after we start
            runtime = ServerComponent.whenActive().get(ENGINE_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            System.err.println("hark serve: no speech engine registered after " + ENGINE_WAIT_SECONDS + " s");
            return Integer.valueOf(1);
        }
        try (ModelCatalog catalog = runtime.newCatalog()) {
            HarkServer server;
            try {
                server = runtime.start(config, catalog);
            } catch (Exception e) {
                System.err.println("hark serve: cannot listen on " + config.host() + ":" + config.port() + ": " + e.getMessage());
                return Integer.valueOf(1);
            }
            try (server) {
                System.out.println("Hark server listening on " + server.httpUri() + " (v1 " + server.v1StreamUri()
                        + ", v2 " + server.v2StreamUri() + "), data in " + config.dataDir()
                        + (config.token() == null ? "" : ", token required"));
                // for a supervising process (the workbench's embedded server): where it listens, as JSON
                System.out.println(new dev.hark.protocol.ServerReady(server.httpUri().toString(), server.httpUri().getPort()).line());
                System.out.flush();
                watchParent();
                stopped.await();
            }
        }
        return EXIT_OK;
    }

    /**
     * An embedded server (started by a workbench with -Dhark.parent.pid) stops when its workbench is
     * gone, so a killed workbench never leaves servers behind.
     */
    private void watchParent() {
        String pid = System.getProperty("hark.parent.pid");
        if (pid == null) {
            return;
        }
        try {
            ProcessHandle.of(Long.parseLong(pid)).ifPresentOrElse(
                    parent -> parent.onExit().thenRun(stopped::countDown), stopped::countDown);
        } catch (NumberFormatException e) {
            // not ours to interpret: run unwatched
        }
    }

    private static BundleContext bundleContext() throws Exception {
        Bundle bundle = FrameworkUtil.getBundle(ServerApplication.class);
        if (bundle.getState() != Bundle.ACTIVE) {
            bundle.start();
        }
        return bundle.getBundleContext();
    }

    @Override
    public void stop() {
        stopped.countDown();
    }
}
