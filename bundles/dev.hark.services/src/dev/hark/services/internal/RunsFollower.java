package dev.hark.services.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.prefs.BackingStoreException;

import dev.hark.api.ServerRunSource;
import dev.hark.core.Bus;
import dev.hark.core.HarkPreferences;
import dev.hark.core.HarkTopics;
import dev.hark.core.runs.RunKey;
import dev.hark.core.runs.RunsSnapshot;
import dev.hark.core.runs.SourceRuns;
import dev.hark.core.runs.TrainingRunSource;
import dev.hark.core.services.RunsService;
import dev.hark.core.services.ServerCallException;
import dev.hark.protocol.runs.CheckpointInfo;
import dev.hark.protocol.runs.RunDeleted;
import dev.hark.protocol.runs.ScalarSeries;
import dev.hark.tensorboard.TensorBoardLogDir;

/**
 * {@link RunsService}: owns one {@link TensorBoardLogDir} per followed folder, and the runs of the server in use
 * ({@link ServerRuns}: a Hark server's own, {@link ServerRunSource} over the workbench's one client of it; for an
 * asr-test backend, which keeps none, the runs observed on it and kept in the workbench's observed-runs folder,
 * {@link dev.hark.api.AsrTestRunSource}), and reads them all again every
 * {@value #PERIOD_MS} ms on its one thread {@code hark-runs-follower} (stopped on deactivation). A Hark server's runs
 * are pushed ({@code /v2/runs/events}, {@link ServerRunSource#follow}): while its stream is open they are read from
 * what was pushed (no request every {@value #PERIOD_MS} ms), and each push asks for a read at once (coalesced: one
 * waits at most); when the stream drops, the server is asked every {@value #PERIOD_MS} ms again until it is back. A snapshot that
 * differs from the last is posted on {@link HarkTopics#RUNS_CHANGED}. Plugins add sources as {@link TrainingRunSource}
 * services (the extension point): each is read with the others, and whatever it throws is shown as its error. The folder list lives in the preferences
 * (and, for tests and kiosk setups, the system property {@code hark.runs.tensorboard.folders}, paths separated
 * by the path separator).
 */
@Component(service = RunsService.class, immediate = true)
public final class RunsFollower implements RunsService {

    static final long PERIOD_MS = 2000;
    private static final Logger LOG = Logger.getLogger(RunsFollower.class.getName());

    @Reference
    private Bus bus;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile ApiSource server;

    /** The server in use's runs (its own, or those observed on an asr-test backend); read on the follower's thread. */
    private final ServerRuns serverRuns = new ServerRuns(this::readSoon, DataFolder::observedRuns);

    private final Map<Path, TrainingRunSource> sources = new LinkedHashMap<>();
    /** Sources plugins contribute as {@link TrainingRunSource} services (extension point), in the order they came. */
    private final List<TrainingRunSource> contributed = new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile RunsSnapshot snapshot = RunsSnapshot.EMPTY;
    private volatile ScheduledExecutorService thread;
    private final java.util.concurrent.atomic.AtomicBoolean readQueued = new java.util.concurrent.atomic.AtomicBoolean();

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, service = TrainingRunSource.class,
            unbind = "removeContributed")
    void addContributed(TrainingRunSource source) {
        contributed.add(source);
        readSoon();
    }

    void removeContributed(TrainingRunSource source) {
        contributed.remove(source);
        readSoon();
    }

    /** Reads every source on the follower's thread soon; one such read waits at most (pushes come in bursts). */
    private void readSoon() {
        ScheduledExecutorService t = thread;
        if (t != null && !t.isShutdown() && readQueued.compareAndSet(false, true)) {
            try {
                t.execute(() -> {
                    readQueued.set(false);
                    readAll();
                });
            } catch (java.util.concurrent.RejectedExecutionException e) {
                readQueued.set(false); // stopping
            }
        }
    }

    @Activate
    void activate() {
        for (String line : Preferences.get(HarkPreferences.RUNS_TENSORBOARD_FOLDERS, "").split("[\\n" + java.io.File.pathSeparator + "]")) {
            if (!line.isBlank()) {
                sources.put(Path.of(line.strip()).toAbsolutePath().normalize(), new TensorBoardLogDir(Path.of(line.strip())));
            }
        }
        thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "hark-runs-follower");
            t.setDaemon(true);
            return t;
        });
        thread.scheduleWithFixedDelay(this::readAll, 0, PERIOD_MS, TimeUnit.MILLISECONDS);
    }

    @Deactivate
    void deactivate() {
        thread.shutdownNow();
        serverRuns.close();
        synchronized (sources) {
            sources.values().forEach(TrainingRunSource::close);
        }
    }

    private void readAll() {
        List<Map.Entry<Path, TrainingRunSource>> current;
        synchronized (sources) {
            current = new ArrayList<>(sources.entrySet());
        }
        List<SourceRuns> read = new ArrayList<>();
        for (Map.Entry<Path, TrainingRunSource> e : current) {
            TrainingRunSource s = e.getValue();
            try {
                read.add(new SourceRuns(s.label(), s.runs(), ""));
            } catch (IOException | RuntimeException ex) {
                read.add(new SourceRuns(s.label(), List.of(), describe(ex)));
            }
        }
        serverRuns.read(server).ifPresent(read::add);
        for (TrainingRunSource s : contributed) {
            read.add(readContributed(s));
        }
        RunsSnapshot next = new RunsSnapshot(read);
        if (!next.equals(snapshot)) {
            snapshot = next;
            bus.post(HarkTopics.RUNS_CHANGED, next);
        }
    }

    /** A plugin's source: whatever it throws (a bug in plugin code included) becomes the source's error line. */
    private static SourceRuns readContributed(TrainingRunSource s) {
        String label;
        try {
            label = s.label();
        } catch (RuntimeException | LinkageError e) {
            label = s.getClass().getName();
        }
        try {
            return new SourceRuns(label, s.runs(), "");
        } catch (IOException | RuntimeException | LinkageError e) {
            return new SourceRuns(label, List.of(), e.getMessage() == null ? e.toString() : e.getMessage());
        }
    }

    static String describe(Exception e) {
        if (e instanceof java.nio.file.NoSuchFileException n) {
            return n.getFile() + ": no such folder";
        }
        return e.getMessage() == null ? e.toString() : e.getMessage();
    }

    @Override
    public List<Path> tensorBoardFolders() {
        synchronized (sources) {
            return List.copyOf(sources.keySet());
        }
    }

    @Override
    public void addTensorBoardFolder(Path folder) {
        Path key = folder.toAbsolutePath().normalize();
        synchronized (sources) {
            if (sources.containsKey(key)) {
                return;
            }
            sources.put(key, new TensorBoardLogDir(key));
        }
        saved();
        thread.execute(this::readAll);
    }

    @Override
    public void removeTensorBoardFolder(Path folder) {
        Path key = folder.toAbsolutePath().normalize();
        TrainingRunSource gone;
        synchronized (sources) {
            gone = sources.remove(key);
        }
        if (gone != null) {
            gone.close();
            saved();
            thread.execute(this::readAll);
        }
    }

    private void saved() {
        StringBuilder b = new StringBuilder();
        tensorBoardFolders().forEach(p -> b.append(p).append('\n'));
        Preferences.node().put(HarkPreferences.RUNS_TENSORBOARD_FOLDERS, b.toString());
        try {
            Preferences.node().flush();
        } catch (BackingStoreException e) {
            LOG.log(Level.WARNING, "Hark: could not save the followed TensorBoard folders", e);
        }
    }

    @Override
    public RunsSnapshot snapshot() {
        return snapshot;
    }

    @Override
    public ScalarSeries series(RunKey run, String tag, int maxPoints) throws IOException {
        return sourceOf(run).series(run.runId(), tag, maxPoints);
    }

    @Override
    public List<CheckpointInfo> checkpoints(RunKey run) throws IOException {
        return sourceOf(run).checkpoints(run.runId());
    }

    @Override
    public boolean canDelete(RunKey run) {
        try {
            return sourceOf(run).canDelete();
        } catch (RuntimeException | LinkageError e) {
            return false; // its source is gone (or a plugin's is broken)
        }
    }

    /** Deletes at the run's source, then reads again at once so that the run leaves the next snapshot. */
    @Override
    public RunDeleted delete(RunKey run) throws IOException {
        TrainingRunSource source = sourceOf(run);
        if (!source.canDelete()) {
            throw new UnsupportedOperationException(run.source() + " cannot delete runs");
        }
        try {
            return source.delete(run.runId());
        } finally {
            readSoon();
        }
    }

    /** The source a run came from: the server in use, a followed folder or a plugin's. */
    private TrainingRunSource sourceOf(RunKey run) {
        java.util.Optional<TrainingRunSource> fromServer = serverRuns.source(run.source());
        if (fromServer.isPresent()) {
            return fromServer.get();
        }
        TrainingRunSource source;
        synchronized (sources) {
            source = sources.values().stream().filter(s -> s.label().equals(run.source())).findFirst().orElse(null);
        }
        if (source == null) {
            source = contributed.stream().filter(s -> s.label().equals(run.source())).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no source " + run.source()));
        }
        return source;
    }
}
