package dev.hark.services.internal;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;

import dev.hark.core.Bus;
import dev.hark.core.HarkEvents;
import dev.hark.core.HarkPreferences;
import dev.hark.core.HarkTopics;
import dev.hark.core.runs.AlertRules;
import dev.hark.core.runs.RunAlert;
import dev.hark.core.runs.RunKey;
import dev.hark.core.runs.RunsSnapshot;
import dev.hark.core.runs.SourceRuns;
import dev.hark.core.services.RunAlertsService;
import dev.hark.core.services.RunsService;
import dev.hark.protocol.runs.RunInfo;

/**
 * {@link RunAlertsService}: on each {@link HarkTopics#RUNS_CHANGED} snapshot (handed over by EventAdmin's thread
 * without blocking it; snapshots that arrive while one is checked are coalesced to the newest) its one thread
 * {@code hark-run-alerts} re-reads the loss and validation tags of runs that grew, applies {@link AlertRules} and
 * posts each alert on {@link HarkTopics#RUNS_ALERT} (the workbench shows it, in the UI language). Stopped on
 * deactivation. The first snapshot only sets the baseline for "ended" (runs that ended before Hark started are not
 * news) but its values are checked.
 */
@Component(service = { RunAlertsService.class, EventHandler.class }, property = EventConstants.EVENT_TOPIC + "=" + HarkTopics.RUNS_CHANGED)
public final class RunAlerter implements RunAlertsService, EventHandler {

    static final int RECENT = 100;
    /** Points read per loss series (the downsampling keeps every non-finite value and the extremes). */
    static final int LOSS_POINTS = 2_000;
    private static final Logger LOG = Logger.getLogger(RunAlerter.class.getName());

    @Reference
    private Bus bus;
    @Reference
    private RunsService runs;

    private final AtomicReference<RunsSnapshot> pending = new AtomicReference<>();
    private final ArrayDeque<RunAlert> recent = new ArrayDeque<>();
    /** Per run: its point count when last checked (unchanged runs are not read again). */
    private final Map<RunKey, Long> checkedPoints = new HashMap<>();
    private RunsSnapshot last;
    private AlertRules rules;
    private ExecutorService thread;

    @Activate
    void activate() {
        rules = new AlertRules(Preferences.getInt(HarkPreferences.RUNS_ALERT_PATIENCE));
        thread = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(4), r -> {
            Thread t = new Thread(r, "hark-run-alerts");
            t.setDaemon(true);
            return t;
        }, new ThreadPoolExecutor.DiscardPolicy());
    }

    @Deactivate
    void deactivate() {
        thread.shutdownNow();
    }

    @Override
    public void handleEvent(Event event) {
        HarkEvents.payload(event, RunsSnapshot.class).ifPresent(this::offer);
    }

    /** Hands a snapshot to the alerts thread; never blocks. */
    void offer(RunsSnapshot snapshot) {
        if (pending.getAndSet(snapshot) == null) {
            thread.execute(this::check);
        }
    }

    private void check() {
        RunsSnapshot now = pending.getAndSet(null);
        if (now == null) {
            return;
        }
        try {
            int patience = Preferences.getInt(HarkPreferences.RUNS_ALERT_PATIENCE);
            if (patience != rules.patience()) {
                rules = new AlertRules(patience); // changed in Preferences: applies from now on
            }
            if (last != null) {
                rules.ended(last, now).forEach(this::raise);
            }
            last = now;
            Set<RunKey> present = new HashSet<>();
            for (SourceRuns source : now.sources()) {
                for (RunInfo run : source.runs()) {
                    RunKey key = new RunKey(source.source(), run.id());
                    present.add(key);
                    Long before = checkedPoints.put(key, run.points());
                    if (before == null || before != run.points()) {
                        checkValues(key, run);
                    }
                }
            }
            checkedPoints.keySet().retainAll(present);
            rules.retain(present);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Hark: checking the runs for alerts failed", e);
        }
    }

    private void checkValues(RunKey key, RunInfo run) {
        for (String tag : run.tags()) {
            boolean validation = AlertRules.isValidationMetric(tag);
            if (!validation && !AlertRules.isLoss(tag)) {
                continue;
            }
            try {
                // validation series are short: read whole, so "not improving" sees every value
                rules.series(key, run.name(), runs.series(key, tag, validation ? 0 : LOSS_POINTS)).forEach(this::raise);
            } catch (IOException | IllegalArgumentException e) {
                LOG.log(Level.FINE, "Hark: could not read " + tag + " of " + run.name() + " for alerts", e);
            }
        }
    }

    private void raise(RunAlert alert) {
        synchronized (recent) {
            recent.addFirst(alert);
            while (recent.size() > RECENT) {
                recent.removeLast();
            }
        }
        bus.post(HarkTopics.RUNS_ALERT, alert);
    }

    @Override
    public List<RunAlert> recent() {
        synchronized (recent) {
            return List.copyOf(recent);
        }
    }
}
