package dev.hark.plugins.internal;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.FrameworkListener;
import org.osgi.framework.SynchronousBundleListener;
import org.osgi.framework.startlevel.FrameworkStartLevel;
import org.osgi.service.log.LogEntry;
import org.osgi.service.log.LogListener;

import dev.hark.core.services.InstalledPlugin;
import dev.hark.core.services.PluginService;

/**
 * What became of each jar of the plugin folders. FileInstall installs (and updates, and uninstalls) the bundles;
 * this registry starts them, one at a time on its own thread ({@code hark-plugins}), and keeps why one failed:
 * a missing requirement, an activator that threw, a jar FileInstall could not install (read from its log entries).
 * A failure is also written to standard error as one line, and never stops Hark.
 */
final class PluginRegistry implements PluginService, SynchronousBundleListener, FrameworkListener, LogListener {

    private static final String FILEINSTALL = "org.apache.felix.fileinstall";
    private static final String INSTALL_FAILED = "Failed to install artifact: ";
    /** Equinox's text when the resolver left no report on the bundle (Msg.ModuleResolutionReport_NoReport) */
    private static final String NO_RESOLUTION_REPORT = "No resolution report for the bundle";
    private static final int RESOLVE_ATTEMPTS = 4;
    private static final long RESOLVE_RETRY_MILLIS = 100;

    private final BundleContext context;
    private final List<Path> folders;
    private final PrintStream log;
    private final Map<Long, String> problems = new ConcurrentHashMap<>();
    private final Map<Path, String> installFailures = new ConcurrentHashMap<>();
    private final CountDownLatch frameworkStarted = new CountDownLatch(1);
    private final java.util.concurrent.atomic.AtomicBoolean startsQueued = new java.util.concurrent.atomic.AtomicBoolean();
    /** one thread, a bounded queue (a plugin folder holds a handful of jars), stopped by {@link #close()} */
    private final ThreadPoolExecutor starter = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>(1024),
            r -> {
                Thread t = new Thread(r, "hark-plugins");
                t.setDaemon(true);
                return t;
            }, new ThreadPoolExecutor.DiscardPolicy());

    PluginRegistry(BundleContext context, List<Path> folders, PrintStream log) {
        this.context = context;
        this.folders = List.copyOf(folders);
        this.log = log;
    }

    void open() {
        context.addBundleListener(this);
        context.addFrameworkListener(this);
        if (startLevelReached()) { // this bundle was started live, not at framework start
            frameworkStarted();
        }
    }

    /**
     * The framework reached the plugins' start level ({@link PluginFolders#START_LEVEL}, which FileInstall gives
     * them): from then on a started plugin activates at once. Before it, at a launch, FileInstall is still
     * installing and refreshing them (start level 3) and a start would race its refresh. (The launcher may publish
     * STARTED before this bundle listens, so the start level decides.)
     */
    private boolean startLevelReached() {
        FrameworkStartLevel fsl = context.getBundle(0).adapt(FrameworkStartLevel.class);
        return fsl == null ? context.getBundle(0).getState() == Bundle.ACTIVE : fsl.getStartLevel() >= PluginFolders.START_LEVEL;
    }

    void close() {
        context.removeBundleListener(this);
        context.removeFrameworkListener(this);
        starter.shutdownNow();
    }

    @Override
    public List<Path> folders() {
        return folders;
    }

    @Override
    public void bundleChanged(BundleEvent event) {
        Bundle b = event.getBundle();
        if (PluginFolders.jarOf(b.getLocation(), folders) == null) {
            return;
        }
        switch (event.getType()) {
            case BundleEvent.INSTALLED, BundleEvent.UPDATED -> {
                problems.remove(b.getBundleId());
                if (startsQueued.get()) {
                    starter.execute(() -> start(b));
                }
            }
            case BundleEvent.STARTED -> problems.remove(b.getBundleId());
            case BundleEvent.UNINSTALLED -> problems.remove(b.getBundleId());
            default -> {
                // resolved, stopped, ...: the state is read when listed
            }
        }
    }

    @Override
    public void frameworkEvent(FrameworkEvent event) {
        Bundle b = event.getBundle();
        if (event.getType() == FrameworkEvent.ERROR && b != null && PluginFolders.jarOf(b.getLocation(), folders) != null) {
            if (!transientResolveFailure(event.getThrowable())) {
                fail(b, event.getThrowable());
            } else if (startsQueued.get()) { // the start level's start raced a resolve: once more, on our thread
                starter.execute(() -> start(b));
            } // else frameworkStarted() queues it: no problem is recorded
        } else if ((event.getType() == FrameworkEvent.STARTED || event.getType() == FrameworkEvent.STARTLEVEL_CHANGED) && startLevelReached()) {
            frameworkStarted();
        } else if (event.getType() == FrameworkEvent.PACKAGES_REFRESHED && startsQueued.get()) {
            // FileInstall refreshes after every install, update and uninstall: a plugin it unresolved under a start,
            // or one whose missing package has just come with another plugin, is tried again
            for (Bundle p : context.getBundles()) {
                if (p.getState() == Bundle.INSTALLED && PluginFolders.jarOf(p.getLocation(), folders) != null) {
                    starter.execute(() -> start(p));
                }
            }
        }
    }

    /** Plugins the framework did not start at its start level (installed by FileInstall's first scan, or failed). */
    private void frameworkStarted() {
        if (!startsQueued.compareAndSet(false, true)) {
            return;
        }
        for (Bundle b : context.getBundles()) {
            if (PluginFolders.jarOf(b.getLocation(), folders) != null && !problems.containsKey(b.getBundleId())) {
                starter.execute(() -> start(b));
            }
        }
        starter.execute(frameworkStarted::countDown);
    }

    private void start(Bundle b) {
        Throwable failure = startRetryingTransientResolves(b, RESOLVE_ATTEMPTS, RESOLVE_RETRY_MILLIS);
        if (failure == null) {
            problems.remove(b.getBundleId());
        } else {
            fail(b, failure);
        }
    }

    /**
     * Starts {@code b} (its activation policy kept) unless it is gone, active, starting or a fragment; a resolve that
     * Equinox gave up on without a reason ({@link #transientResolveFailure}) is tried again up to {@code attempts} times,
     * {@code pauseMillis} apart, doubling. Returns the failure, or null.
     */
    static Throwable startRetryingTransientResolves(Bundle b, int attempts, long pauseMillis) {
        for (int attempt = 1;; attempt++) {
            int state = b.getState();
            if (state == Bundle.UNINSTALLED || state == Bundle.ACTIVE || state == Bundle.STARTING || isFragment(b)) {
                return null;
            }
            try {
                b.start(Bundle.START_ACTIVATION_POLICY);
                return null;
            } catch (BundleException e) {
                if (attempt >= attempts || !transientResolveFailure(e)) {
                    return e;
                }
                try {
                    Thread.sleep(pauseMillis << (attempt - 1));
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return e;
                }
            } catch (RuntimeException e) {
                return e;
            }
        }
    }

    /**
     * A resolve error that names no unresolved requirement: Equinox's "No resolution report for the bundle", which it
     * gives when a refresh unresolved the bundle under its start (FileInstall refreshes after each install: a jar
     * dropped in while Hark runs is started on its INSTALLED event), not a missing requirement. Worth another try.
     */
    static boolean transientResolveFailure(Throwable t) {
        return t instanceof BundleException be && be.getType() == BundleException.RESOLVE_ERROR && be.getMessage() != null
                && be.getMessage().contains(NO_RESOLUTION_REPORT);
    }

    private void fail(Bundle b, Throwable t) {
        String reason = reason(t);
        if (!reason.equals(problems.put(b.getBundleId(), reason))) {
            log.println("hark: plugin " + PluginFolders.jarOf(b.getLocation(), folders) + " (" + b.getSymbolicName() + " "
                    + b.getVersion() + ") does not work: " + reason);
        }
    }

    /** One line: an activator's exception, else the framework's message (e.g. the unresolved requirement). */
    static String reason(Throwable t) {
        if (t == null) {
            return "failed (no reason given)";
        }
        if (t instanceof BundleException be && be.getType() == BundleException.ACTIVATOR_ERROR && be.getCause() != null) {
            Throwable c = be.getCause();
            return "its activator threw " + c.getClass().getName() + (c.getMessage() == null ? "" : ": " + c.getMessage());
        }
        String m = t.getMessage() == null ? t.getClass().getName() : t.getMessage();
        return m.strip().replaceAll("\\s*\\R\\s*", "; ");
    }

    @Override
    public void logged(LogEntry entry) {
        if (entry.getBundle() == null || !FILEINSTALL.equals(entry.getBundle().getSymbolicName()) || entry.getMessage() == null
                || !entry.getMessage().startsWith(INSTALL_FAILED)) {
            return;
        }
        Path jar = Path.of(entry.getMessage().substring(INSTALL_FAILED.length()).strip()).toAbsolutePath().normalize();
        String reason = reason(entry.getException());
        if (!reason.equals(installFailures.put(jar, reason))) {
            log.println("hark: plugin " + jar + " was not installed: " + reason);
        }
    }

    @Override
    public boolean awaitSettled(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        if (!frameworkStarted.await(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
            return false;
        }
        Future<?> marker;
        try {
            marker = starter.submit(() -> { });
        } catch (RuntimeException e) {
            return false;
        }
        try {
            marker.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            return true;
        } catch (Exception e) {
            if (e instanceof InterruptedException ie) {
                throw ie;
            }
            return false;
        }
    }

    @Override
    public List<InstalledPlugin> plugins() {
        List<InstalledPlugin> out = new ArrayList<>();
        List<Path> installed = new ArrayList<>();
        for (Bundle b : context.getBundles()) {
            Path jar = PluginFolders.jarOf(b.getLocation(), folders);
            if (jar != null && b.getState() != Bundle.UNINSTALLED) {
                installed.add(jar);
                out.add(describe(b, jar));
            }
        }
        for (Path folder : folders) {
            for (Path jar : jars(folder)) {
                if (!installed.contains(jar)) {
                    out.add(JarInspection.notInstalled(jar, installFailures.get(jar)));
                }
            }
        }
        out.sort(Comparator.comparing((InstalledPlugin p) -> folders.indexOf(p.file().getParent()))
                .thenComparing(p -> p.file().getFileName().toString()));
        return out;
    }

    private InstalledPlugin describe(Bundle b, Path jar) {
        String problem = problems.getOrDefault(b.getBundleId(), "");
        InstalledPlugin.State state = switch (b.getState()) {
            case Bundle.ACTIVE -> InstalledPlugin.State.ACTIVE;
            case Bundle.STARTING -> InstalledPlugin.State.LAZY;
            case Bundle.RESOLVED -> isFragment(b) ? InstalledPlugin.State.FRAGMENT
                    : problem.isEmpty() ? InstalledPlugin.State.INSTALLED : InstalledPlugin.State.FAILED;
            default -> isFragment(b) || !problem.isEmpty() ? InstalledPlugin.State.UNRESOLVED : InstalledPlugin.State.INSTALLED;
        };
        if (state == InstalledPlugin.State.ACTIVE || state == InstalledPlugin.State.LAZY) {
            problem = "";
        }
        return new InstalledPlugin(jar, b.getSymbolicName(), b.getHeaders("").get(Constants.BUNDLE_NAME), b.getVersion().toString(),
                state, problem);
    }

    private static boolean isFragment(Bundle b) {
        return b.getHeaders("").get(Constants.FRAGMENT_HOST) != null;
    }

    private static List<Path> jars(Path folder) {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(folder)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".jar") && Files.isRegularFile(p))
                    .map(p -> p.toAbsolutePath().normalize()).sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    ExecutorService starter() {
        return starter;
    }
}
