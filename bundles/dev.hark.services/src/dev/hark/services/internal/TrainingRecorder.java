package dev.hark.services.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;

import dev.hark.core.HarkEvents;
import dev.hark.core.HarkTopics;
import dev.hark.core.services.TrainingHistory;
import dev.hark.protocol.training.CheckpointSaved;
import dev.hark.protocol.training.DatasetProgress;
import dev.hark.protocol.training.DatasetStatus;
import dev.hark.protocol.training.TrainingError;
import dev.hark.protocol.training.TrainingLog;
import dev.hark.protocol.training.TrainingMessage;
import dev.hark.protocol.training.TrainingProgress;
import dev.hark.protocol.training.TrainingStatus;
import dev.hark.protocol.training.ValidationResult;

/** Records {@code hark/training/*} into a bounded history (see {@link TrainingHistory}). */
@Component(service = { TrainingHistory.class, EventHandler.class }, property = EventConstants.EVENT_TOPIC + "=" + HarkTopics.TRAINING_ALL)
public final class TrainingRecorder implements TrainingHistory, EventHandler {

    static final int MAX_POINTS = 4_000;
    static final int LOG_LINES = 200;

    private final Map<String, List<double[]>> series = new HashMap<>();
    private final ArrayDeque<String> log = new ArrayDeque<>();
    private TrainingProgress lastProgress;
    private String lastError = "";
    private double lastStep = Double.NaN;

    @Override
    public void handleEvent(Event event) {
        HarkEvents.payload(event, TrainingMessage.class).ifPresent(this::record);
    }

    synchronized void record(TrainingMessage message) {
        switch (message) {
            case TrainingProgress p -> {
                double step = p.step();
                if (!Double.isNaN(lastStep) && step < lastStep - 1) {
                    clear(); // a new run numbers from the start again
                }
                lastProgress = p;
                lastStep = step;
                add(LOSS, step, value(p.loss()));
                add(LEARNING_RATE, step, value(p.learningRate()));
            }
            case ValidationResult v -> {
                add(VAL_LOSS, v.epoch(), value(v.valLoss()));
                add(CER, v.epoch(), value(v.cer()));
            }
            case TrainingLog l -> line(text(l.level()) + " " + text(l.message()));
            case TrainingError e -> lastError = text(e.message()) + (text(e.traceback()).isEmpty() ? "" : "\n" + e.traceback());
            case TrainingStatus st -> line("status: " + text(st.status()) + (text(st.message()).isEmpty() ? "" : " - " + st.message()));
            case CheckpointSaved c -> line("checkpoint: " + text(c.name()));
            case DatasetProgress d -> {
                // dataset downloads and generation: the Datasets view shows them, not the run's log
            }
            case DatasetStatus d -> {
                // idem
            }
            case dev.hark.protocol.training.EvaluationUpdate u -> {
                // evaluations of checkpoints: the evaluation dialog follows them, not the run's log
            }
        }
    }

    private static double value(Double v) {
        return v == null ? Double.NaN : v;
    }

    private static String text(String s) {
        return s == null ? "" : s;
    }

    private void line(String text) {
        log.addLast(text);
        while (log.size() > LOG_LINES) {
            log.removeFirst();
        }
    }

    /** A point of a series; none for a value missing or not finite (PyTorch's CTC gives inf: a chart cannot draw it). */
    private void add(String name, double x, double y) {
        if (!Double.isFinite(x) || !Double.isFinite(y)) {
            return;
        }
        List<double[]> s = series.computeIfAbsent(name, k -> new ArrayList<>());
        if (!s.isEmpty() && s.getLast()[0] == x) {
            s.set(s.size() - 1, new double[] { x, y });
        } else {
            s.add(new double[] { x, y });
        }
        if (s.size() > MAX_POINTS) {
            // thin the older half: long runs keep their shape at a bounded cost
            List<double[]> thinned = new ArrayList<>();
            for (int i = 0; i < s.size(); i++) {
                if (i >= s.size() / 2 || i % 2 == 0) {
                    thinned.add(s.get(i));
                }
            }
            series.put(name, thinned);
        }
    }

    @Override
    public synchronized List<double[]> series(String name) {
        return List.copyOf(series.getOrDefault(name, List.of()));
    }

    @Override
    public synchronized List<String> log() {
        return List.copyOf(log);
    }

    @Override
    public synchronized TrainingProgress lastProgress() {
        return lastProgress;
    }

    @Override
    public synchronized String lastError() {
        return lastError;
    }

    @Override
    public synchronized void clear() {
        series.clear();
        log.clear();
        lastProgress = null;
        lastError = "";
        lastStep = Double.NaN;
    }
}
