package dev.hark.api;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.hark.core.runs.TrainingRunSource;
import dev.hark.protocol.rest.ProgressReport;
import dev.hark.protocol.runs.RunInfo;
import dev.hark.protocol.runs.RunRecord;
import dev.hark.protocol.runs.RunState;
import dev.hark.protocol.runs.ScalarSeries;
import dev.hark.protocol.training.TrainingMessage;

/**
 * An asr-test (v1) backend's training as a {@link TrainingRunSource}. The backend keeps no run history, so this source
 * keeps one of its own: what Hark observes ({@link RunObserver}) is recorded into a folder ({@link ObservedRuns}; the
 * workbench's data folder, or the folder {@code hark runs --runs-dir} is given), one folder per backend address.
 * {@link #follow} watches continuously (a {@link TrainingMonitor} of its own: {@code /ws} broadcasts, {@code /api/progress}
 * polled for logs and errors); without it, each {@link #runs()} looks at {@code /api/progress} once (what a one-shot
 * {@code hark runs} can see: the step it is at now). What it cannot know: values logged while nobody watched (before
 * Hark started watching a run, or while the workbench was closed), the backend's own wall times (values carry the time
 * they were heard), character or word error rates (the backend measures only the validation loss), and how a run
 * ended when that was not heard ({@value ObservedRun#UNKNOWN}). Uses the given {@link HarkApi} (not closed here).
 */
public final class AsrTestRunSource implements TrainingRunSource {

    private final HarkApi api;
    private final ObservedRuns store;
    private final RunObserver observer;
    private final ProgressReports reports = new ProgressReports();
    private TrainingMonitor monitor; // guarded by this
    private volatile Runnable changes = () -> {
    };

    /** @param base the folder that keeps observed runs; this backend's are in a folder named by its address */
    public AsrTestRunSource(HarkApi api, Path base) throws IOException {
        this.api = api;
        this.store = new ObservedRuns(base.resolve(folderName(api)));
        this.observer = new RunObserver(store, () -> {
        });
    }

    /** {@code host_port} of the backend, safe as a folder name. */
    static String folderName(HarkApi api) {
        String host = api.base().getHost() == null ? "backend" : api.base().getHost();
        int port = api.base().getPort();
        return (host + "_" + (port < 0 ? 80 : port)).replaceAll("[^A-Za-z0-9._-]", "_");
    }

    /** The folder this backend's observed runs are kept in. */
    public Path folder() {
        return store.folder();
    }

    @Override
    public String label() {
        return "asr-test backend: " + api.base();
    }

    /**
     * Watches the backend from now on, recording every run it trains; {@code onChange} runs after each recorded change
     * (on the monitor's thread "hark-training-monitor": hand work on, never block it). Later calls change nothing.
     */
    public synchronized void follow(Runnable onChange) {
        if (monitor != null) {
            return;
        }
        changes = onChange;
        lookOnce(false);
        monitor = new TrainingMonitor(api, this::heard);
    }

    private void heard(TrainingMessage m) {
        synchronized (observer) {
            observer.accept(m);
        }
        changes.run();
    }

    /** One look at {@code /api/progress}: its new log lines and error, and (with {@code progress}) the step it is at. */
    private void lookOnce(boolean progress) {
        ProgressReport p;
        try {
            p = api.progress();
        } catch (HarkApiException e) {
            return; // unreachable now: the runs recorded so far are still shown
        }
        synchronized (observer) {
            List<TrainingMessage> messages = reports.next(p, progress);
            observer.replaying(progress);
            try {
                messages.forEach(observer);
            } finally {
                observer.replaying(false);
            }
            if (!p.isTraining()) {
                observer.idle();
            }
        }
    }

    /** True once the backend's {@code /ws} broadcasts are heard (a run's {@code starting} status included). */
    public synchronized boolean listening() {
        return monitor != null && "broadcasts".equals(monitor.mode());
    }

    private synchronized boolean following() {
        return monitor != null;
    }

    /** The runs as observed, newest first, with their checkpoints. */
    public List<ObservedRun> observed() {
        return store.list().stream().map(ObservedRuns.Entry::run).toList();
    }

    @Override
    public List<RunInfo> runs() throws IOException {
        if (!following()) {
            lookOnce(true);
        }
        return store.list().stream().map(AsrTestRunSource::info).toList();
    }

    static RunInfo info(ObservedRuns.Entry e) {
        ObservedRun r = e.run();
        Map<String, String> hparams = new LinkedHashMap<>();
        hparams.put("model", r.model());
        hparams.put("dataset", r.dataset());
        hparams.putAll(r.hparams());
        hparams.values().removeIf(v -> v == null);
        RunState state = switch (r.status() == null ? "" : r.status()) {
            case RunRecord.RUNNING -> RunState.ACTIVE;
            case RunRecord.COMPLETED -> RunState.FINISHED;
            case RunRecord.STOPPED -> RunState.STOPPED;
            case RunRecord.FAILED -> RunState.FAILED;
            default -> RunState.IDLE;
        };
        List<String> notes = new java.util.ArrayList<>();
        if (r.reason() != null && (state == RunState.FAILED || state == RunState.IDLE)) {
            notes.add(r.reason());
        }
        if (!r.sawStart()) {
            notes.add("first seen at step " + r.firstObservedStep() + ": earlier values were not observed");
        }
        if (e.points() >= ObservedRuns.MAX_POINTS) {
            notes.add("only the first " + ObservedRuns.MAX_POINTS + " values were kept");
        }
        String detail = String.join("; ", notes);
        double wall = Double.isNaN(e.lastWallTime()) ? seconds(r.endedAt() != null ? r.endedAt() : r.startedAt()) : e.lastWallTime();
        return new RunInfo(r.id(), r.id(), state, detail, List.copyOf(e.counts().keySet()), e.points(), e.lastStep(), wall, hparams);
    }

    private static double seconds(String iso) {
        try {
            Instant t = Instant.parse(iso);
            return t.getEpochSecond() + t.getNano() / 1e9;
        } catch (RuntimeException ex) {
            return Double.NaN;
        }
    }

    @Override
    public ScalarSeries series(String runId, String tag, int maxPoints) throws IOException {
        return store.series(runId, tag, maxPoints);
    }

    /** Stops watching (the recorded runs stay in the folder). */
    @Override
    public void close() {
        TrainingMonitor m;
        synchronized (this) {
            m = monitor;
            monitor = null;
        }
        if (m != null) {
            m.close();
        }
    }
}
