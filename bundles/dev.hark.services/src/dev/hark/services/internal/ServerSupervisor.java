package dev.hark.services.internal;

import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

import dev.hark.core.Bus;
import dev.hark.core.HarkPreferences;
import dev.hark.core.HarkTopics;
import dev.hark.core.services.ServerService;
import dev.hark.core.services.ServerStatus;
import dev.hark.process.ChildProcess;
import dev.hark.process.JavaCommand;
import dev.hark.protocol.ServerReady;

/**
 * The server the workbench uses. With no remote server configured it runs its own: {@code hark serve}
 * as a child process on loopback, from the same installation and configuration, restarted on the same
 * port when it dies (so live sessions resume by themselves). A crash of a native engine or a training
 * run in the server never takes the workbench down.
 *
 * <p>Owns the child process (a {@link ChildProcess}: its "hark-server-stdout" pump, its temporary configuration
 * folder) and the "hark-server-supervisor" thread; {@link #deactivate()} stops them and the child. The child says
 * where it listens with a {@link ServerReady} line.
 */
@Component(service = { ServerService.class, ServerSupervisor.class }, immediate = true)
public final class ServerSupervisor implements ServerService {

    private static final Logger LOG = Logger.getLogger(ServerSupervisor.class.getName());
    static final long START_TIMEOUT_SECONDS = 90;
    static final int LOG_LINES = 200;

    @Reference
    private Bus bus;

    private final Object lock = new Object();
    private volatile ServerStatus status = new ServerStatus(true, ServerStatus.State.STOPPED, null, "", 0);
    private volatile String token;
    private Thread supervisor;
    private ChildProcess<ServerReady> child;
    /** The last child's output, kept after it ended for diagnostics. */
    private volatile List<String> lastOutput = List.of();
    /** What the running configuration was made from; a reconfigure with the same settings changes nothing. */
    private Settings settings;
    private volatile boolean running;
    /** Each supervisor thread has its generation; an older one that outlived a reconfigure stops. */
    private volatile long generations;
    private int port;

    /** Set on the embedded child's JVM: a server never supervises servers of its own. */
    static final String CHILD_PROPERTY = "hark.embedded.child";

    /** The Equinox application this framework runs (a framework property: -application sets it, not a system property). */
    private volatile String application = "";

    private volatile boolean started;

    @Activate
    void activate(org.osgi.framework.BundleContext context) {
        String app = context.getProperty("eclipse.application");
        application = app == null ? "" : app;
    }

    @Override
    public synchronized void start() {
        if (!started) {
            reconfigure();
        }
    }

    /**
     * Whether this process may run an embedded server: only the workbench may. The server and CLI
     * applications run from the same installation (and so with this bundle), and an embedded child
     * must never start a child of its own.
     */
    boolean mayEmbed() {
        String app = application;
        // every headless Hark application (serve, transcribe, dataset, ...) is a dev.hark.* application;
        // the workbench is e4's
        return !Boolean.getBoolean(CHILD_PROPERTY) && !app.startsWith("dev.hark.");
    }

    @Override
    public ServerStatus status() {
        return status;
    }

    @Override
    public String token() {
        return token;
    }

    /** The embedded server's process id, for diagnostics (and tests that kill it). */
    public OptionalLong embeddedPid() {
        synchronized (lock) {
            return child != null && child.isAlive() ? OptionalLong.of(child.pid()) : OptionalLong.empty();
        }
    }

    /** The embedded server's last output lines. */
    public List<String> recentOutput() {
        synchronized (lock) {
            return child != null ? child.outputTail() : lastOutput;
        }
    }

    /** The preferences a server configuration is made of. */
    record Settings(String mode, String url, String token, String data) {

        static Settings read() {
            return new Settings(Preferences.get(HarkPreferences.SERVER_MODE),
                    Preferences.get(HarkPreferences.SERVER_URL),
                    Preferences.get(HarkPreferences.SERVER_TOKEN, null),
                    Preferences.get(HarkPreferences.EMBEDDED_DATA, DataFolder.serverData().toString()));
        }
    }

    private void publish(ServerStatus s) {
        status = s;
        bus.post(HarkTopics.SERVER_STATE, s);
    }

    /**
     * Applies the server preferences. Does nothing when they are the ones already applied and the server is not
     * stopped or failed; otherwise stops the embedded server (if any) and starts what the preferences say.
     * Blocks while an embedded server stops (up to ~30 s): never call it on the UI thread.
     */
    @Override
    public synchronized void reconfigure() {
        Settings next = Settings.read();
        ServerStatus.State state = status.state();
        if (started && Objects.equals(next, settings) && state != ServerStatus.State.STOPPED && state != ServerStatus.State.FAILED) {
            return;
        }
        started = true;
        settings = next;
        stopEmbedded();
        String mode = next.mode();
        token = next.token();
        if (HarkPreferences.MODE_REMOTE.equals(mode)) {
            String url = next.url();
            try {
                URI uri = URI.create(url);
                if (uri.getHost() == null) {
                    throw new IllegalArgumentException("no host");
                }
                publish(new ServerStatus(false, ServerStatus.State.RUNNING, uri, "", 0));
            } catch (IllegalArgumentException e) {
                publish(new ServerStatus(false, ServerStatus.State.FAILED, null, "invalid server address \"" + url + "\"", 0));
            }
            return;
        }
        token = null; // the embedded server listens on loopback only, without a token
        if (!mayEmbed()) {
            publish(new ServerStatus(true, ServerStatus.State.STOPPED, null, "not started: this process is not the workbench", 0));
            return;
        }
        synchronized (lock) {
            running = true;
            port = 0;
            long generation = ++generations;
            supervisor = new Thread(() -> supervise(generation), "hark-server-supervisor");
            supervisor.setDaemon(true);
            supervisor.start();
        }
    }

    private boolean current(long generation) {
        return running && generations == generation;
    }

    private void supervise(long generation) {
        int restarts = 0;
        long backoff = 1_000;
        while (current(generation)) {
            publish(new ServerStatus(true, restarts == 0 ? ServerStatus.State.STARTING : ServerStatus.State.RESTARTING,
                    status.uri(), restarts == 0 ? "" : "the server stopped; restarting", restarts));
            long started = System.nanoTime();
            try {
                ChildProcess<ServerReady> p = launch();
                ServerReady ready = p.awaitReady(Duration.ofSeconds(START_TIMEOUT_SECONDS));
                URI uri = URI.create(ready.url());
                synchronized (lock) {
                    port = ready.port();
                }
                publish(new ServerStatus(true, ServerStatus.State.RUNNING, uri, "pid " + p.pid(), restarts));
                int code = p.waitFor();
                if (!current(generation)) {
                    break;
                }
                LOG.warning("embedded server exited with " + code);
                publish(new ServerStatus(true, ServerStatus.State.RESTARTING, uri, "exited with code " + code, restarts));
            } catch (InterruptedException e) {
                break;
            } catch (Exception e) {
                if (!current(generation)) {
                    break;
                }
                LOG.log(Level.WARNING, "embedded server failed to start", e);
                publish(new ServerStatus(true, ServerStatus.State.RESTARTING, status.uri(), e.getMessage(), restarts));
            }
            restarts++;
            // a server that ran for a while gets a quick restart; one that keeps failing, a growing pause
            backoff = System.nanoTime() - started > 30_000_000_000L ? 1_000 : Math.min(backoff * 2, 30_000);
            try {
                Thread.sleep(restarts == 1 ? 200 : backoff);
            } catch (InterruptedException e) {
                break;
            }
        }
        destroyChild();
        publish(new ServerStatus(true, ServerStatus.State.STOPPED, status.uri(), "", restarts));
    }

    /** Starts {@code hark serve} from this installation: same Java, same launcher jar, a copy of our configuration. */
    private ChildProcess<ServerReady> launch() throws IOException {
        destroyChild(); // the previous child (dead by now) and its configuration copy
        Path configuration = configurationCopy();
        List<String> command = new ArrayList<>();
        command.add(JavaCommand.current());
        command.add("-Xmx2g");
        command.add("-Djava.awt.headless=true");
        command.add("-D" + CHILD_PROPERTY + "=true");
        // the child ends itself when this workbench is gone, even after a kill -9 of the workbench
        command.add("-Dhark.parent.pid=" + ProcessHandle.current().pid());
        command.add("-jar");
        command.add(launcherJar().toString());
        command.add("-configuration");
        command.add(configuration.toUri().toString());
        String install = System.getProperty("osgi.install.area");
        if (install != null) {
            command.add("-install");
            command.add(install);
        }
        command.add("-application");
        command.add("dev.hark.server.application");
        command.add("-nosplash");
        command.add("-data");
        command.add("@none");
        command.add("--port");
        int p;
        synchronized (lock) {
            p = port;
        }
        command.add(Integer.toString(p)); // a restart takes the same port, so clients resume where they were
        command.add("--data");
        command.add(settings.data());
        ChildProcess<ServerReady> process = ChildProcess.<ServerReady>builder("hark-server", command).mergeStderr()
                .tailLines(LOG_LINES).removeEnv("HARK_SERVER_TOKEN").owns(configuration).readyWhen(ServerReady::parse).start();
        synchronized (lock) {
            child = process;
        }
        return process;
    }

    /** The Equinox launcher jar this workbench was started with (java -jar ...). */
    private static Path launcherJar() throws IOException {
        for (String entry : System.getProperty("java.class.path", "").split(java.io.File.pathSeparator)) {
            if (entry.contains("org.eclipse.equinox.launcher") && entry.endsWith(".jar")) {
                return Path.of(entry).toAbsolutePath();
            }
        }
        String install = System.getProperty("osgi.install.area");
        if (install != null) {
            Path plugins = Path.of(URI.create(install.replace(" ", "%20"))).resolve("plugins");
            try (Stream<Path> s = Files.list(plugins)) {
                var found = s.filter(f -> f.getFileName().toString().startsWith("org.eclipse.equinox.launcher_")
                        && f.getFileName().toString().endsWith(".jar")).findFirst();
                if (found.isPresent()) {
                    return found.get();
                }
            }
        }
        throw new IOException("cannot find the Equinox launcher jar to start the embedded server");
    }

    /**
     * A private configuration area for the child holding our config.ini (and simpleconfigurator's
     * bundle list), so both frameworks can run from the same installation without sharing state.
     * The child owns it: it is deleted when the child ends.
     */
    private static Path configurationCopy() throws IOException {
        String area = System.getProperty("osgi.configuration.area");
        if (area == null) {
            throw new IOException("no osgi.configuration.area");
        }
        Path source = Path.of(toUri(area));
        Path target = Files.createTempDirectory("hark-server-config-");
        Files.copy(source.resolve("config.ini"), target.resolve("config.ini"), StandardCopyOption.REPLACE_EXISTING);
        Path bundles = source.resolve("org.eclipse.equinox.simpleconfigurator").resolve("bundles.info");
        if (Files.exists(bundles)) {
            Files.createDirectories(target.resolve("org.eclipse.equinox.simpleconfigurator"));
            Files.copy(bundles, target.resolve("org.eclipse.equinox.simpleconfigurator").resolve("bundles.info"));
        }
        return target;
    }

    private static URI toUri(String area) throws IOException {
        try {
            return new URL(area).toURI();
        } catch (Exception e) {
            throw new IOException("unreadable configuration area " + area, e);
        }
    }

    private void destroyChild() {
        ChildProcess<ServerReady> p;
        synchronized (lock) {
            p = child;
            child = null;
            if (p != null) {
                lastOutput = p.outputTail();
            }
        }
        if (p != null) {
            p.close();
        }
    }

    private void stopEmbedded() {
        Thread t;
        synchronized (lock) {
            running = false;
            t = supervisor;
            supervisor = null;
        }
        destroyChild();
        if (t != null) {
            t.interrupt();
            try {
                t.join(15_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Deactivate
    void deactivate() {
        stopEmbedded();
    }
}
