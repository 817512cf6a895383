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
import dev.hark.core.TrainingEvent;
import dev.hark.core.services.TrainingHistory;

/** Records {@code hark/training/*} into a bounded history (see {@link TrainingHistory}). */
@Component(service = { TrainingHistory.class, EventHandler.class }, property = EventConstants.EVENT_TOPIC + "=" + HarkTopics.TRAINING_ALL)
public final class TrainingRecorder implements TrainingHistory, EventHandler {

    static final int MAX_POINTS = 4_000;
    static final int LOG_LINES = 200;

    private final Map<String, List<double[]>> series = new HashMap<>();
    private final ArrayDeque<String> log = new ArrayDeque<>();
    private TrainingEvent lastProgress;
    private String lastError = "";
    private double lastStep = Double.NaN;

    @Override
    public synchronized void handleEvent(Event event) {
        HarkEvents.payload(event, TrainingEvent.class).ifPresent(this::record);
    }

    private void record(TrainingEvent e) {
        switch (e.type()) {
            case "progress" -> {
                double step = e.number("step", Double.NaN);
                if (!Double.isNaN(step) && !Double.isNaN(lastStep) && step < lastStep - 1) {
                    clear(); // a new run numbers from the start again
                }
                lastProgress = e;
                if (!Double.isNaN(step)) {
                    lastStep = step;
                    add(LOSS, step, e.number("loss", Double.NaN));
                    add(LEARNING_RATE, step, e.number("learning_rate", Double.NaN));
                }
            }
            case "validation_result" -> {
                double epoch = e.number("epoch", Double.NaN);
                add(VAL_LOSS, epoch, e.number("val_loss", Double.NaN));
                add(CER, epoch, e.number("cer", Double.NaN));
            }
            case "log" -> line(e.text("level") + " " + e.text("message"));
            case "dataset_progress" -> {
                // dataset downloads and generation report here too; the Datasets view shows them, not the run's log
            }
            case "error" -> lastError = e.text("message") + (e.text("traceback").isEmpty() ? "" : "\n" + e.text("traceback"));
            default -> line("status: " + e.text("status") + (e.text("message").isEmpty() ? "" : " - " + e.text("message")));
        }
    }

    private void line(String text) {
        log.addLast(text);
        while (log.size() > LOG_LINES) {
            log.removeFirst();
        }
    }

    private void add(String name, double x, double y) {
        if (Double.isNaN(x) || Double.isNaN(y)) {
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
    public synchronized TrainingEvent lastProgress() {
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
