package dev.hark.api;

import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.hark.protocol.runs.MetricLine;
import dev.hark.protocol.runs.RunCheckpoint;
import dev.hark.protocol.runs.RunRecord;
import dev.hark.protocol.training.CheckpointSaved;
import dev.hark.protocol.training.TrainingError;
import dev.hark.protocol.training.TrainingLog;
import dev.hark.protocol.training.TrainingMessage;
import dev.hark.protocol.training.TrainingProgress;
import dev.hark.protocol.training.TrainingStatus;
import dev.hark.protocol.training.ValidationResult;

/**
 * Turns what an asr-test backend says about its training ({@link TrainingMessage}s, as {@link TrainingMonitor} hears
 * them: progress in the global step numbering, validation results, logs, status, errors) into {@link ObservedRuns}.
 * A run begins with the backend's {@code starting}/{@code resuming} status (its message names the model and dataset),
 * or, when Hark was not watching then, with the first progress that carries a loss (its model and dataset from the
 * last start line of the log, if heard; its earlier values unknown). It ends with {@code completed}/{@code stopped},
 * an error (failed, with the backend's message), or — end not heard — when another run begins. Its id is the start
 * time (UTC), model and dataset. Checkpoints come from the log's "saved" lines (within the epochs this run was seen
 * in: {@code /api/progress} repeats an earlier run's log tail). Calls come from one thread at a time.
 */
final class RunObserver implements Consumer<TrainingMessage> {

    private static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);
    private static final Pattern FIELD = Pattern.compile("\\b(model|dataset|epochs|batch_size|device|resume)=([^,\\s]+)");
    private static final Pattern SAVED = Pattern.compile("([A-Za-z0-9._-]+?)(\\.pt)?$");
    private static final Pattern EPOCH = Pattern.compile("epoch-(\\d+)");
    /** The backend's own words for a run's end, in its log and status messages. */
    static final String COMPLETED_LINE = "学習が正常に完了しました";
    static final String STOPPED_LINE = "学習がユーザーによって停止されました";
    static final String NOT_HEARD = "Hark did not hear how this run ended (it was not watching, or another run began)";

    private final ObservedRuns store;
    private final Runnable changed;
    private ObservedRun current;
    private long lastStep = -1;
    private Double lastValLoss;
    private Map<String, String> lastStart = Map.of();
    private int firstEpoch;
    private int lastEpoch;
    /** Whether the backend's end lines in its log end a run: only when no status broadcast can be heard (one look). */
    private boolean endsFromLogs;

    RunObserver(ObservedRuns store, Runnable changed) {
        this.store = store;
        this.changed = changed;
        // a run this store saw running when it last watched: still the current one if its progress goes on
        List<ObservedRuns.Entry> all = store.list();
        if (!all.isEmpty() && RunRecord.RUNNING.equals(all.get(0).run().status())) {
            current = all.get(0).run();
            lastStep = all.get(0).lastStep();
        }
    }

    @Override
    public void accept(TrainingMessage m) {
        try {
            switch (m) {
                case TrainingStatus s -> status(s);
                case TrainingProgress p -> progress(p);
                case ValidationResult v -> validation(v);
                case TrainingLog l -> log(l.message());
                case TrainingError e -> end(RunRecord.FAILED, e.message());
                case CheckpointSaved c -> checkpoint(c.name());
                default -> {
                    return;
                }
            }
        } catch (IOException e) {
            // the history is kept as well as the disk allows
        }
        changed.run();
    }

    private void status(TrainingStatus s) throws IOException {
        String st = s.status() == null ? "" : s.status();
        switch (st) {
            case "starting", "resuming" -> {
                Map<String, String> fields = fields(s.message());
                fields.put("resume", Boolean.toString(st.equals("resuming") || "True".equals(fields.get("resume"))));
                begin(fields, true, 0);
            }
            case TrainingStatus.COMPLETED, TrainingStatus.STOPPED, TrainingStatus.FAILED -> end(st, s.message());
            default -> {
                // "ready", "stopped" of a streaming session's own socket are not a run's
            }
        }
    }

    private void begin(Map<String, String> fields, boolean sawStart, long firstStep) throws IOException {
        if (current != null) {
            end(ObservedRun.UNKNOWN, NOT_HEARD);
        }
        Instant now = Instant.now();
        String model = fields.getOrDefault("model", "unknown");
        String dataset = fields.getOrDefault("dataset", "unknown");
        String id = ID_TIME.format(now) + "-" + clean(model) + "-" + clean(dataset);
        current = store.begin(new ObservedRun(id, model, dataset, RunRecord.RUNNING, null, now.toString(), null, sawStart, firstStep,
                fields, List.of()));
        lastStep = -1;
        lastValLoss = null;
        firstEpoch = -1;
        lastEpoch = 0;
    }

    /** Reads messages of a look at {@code /api/progress} alone (no broadcasts heard): its log's end lines end a run. */
    void replaying(boolean logEnds) {
        endsFromLogs = logEnds;
    }

    private void progress(TrainingProgress p) throws IOException {
        if (p.loss() == null) {
            return; // the backend's "about to start" report
        }
        if (p.step() == 0 && p.epoch() >= 2) {
            return; // asr-test's within-epoch count (a global step 0 is in epoch 1), heard before any global one
        }
        if (current == null || p.step() < lastStep - 1) {
            // watching from the middle, or a new run unannounced; from its first step on (step 0 of the first epoch)
            // nothing was missed; a step 0 of a later epoch is asr-test's within-epoch count, heard mid-run
            begin(new LinkedHashMap<>(lastStart), p.step() == 0 && p.epoch() <= 1, p.step());
        }
        lastStep = Math.max(lastStep, p.step());
        firstEpoch = firstEpoch < 0 ? p.epoch() : firstEpoch;
        lastEpoch = Math.max(lastEpoch, p.epoch());
        store.add(current.id(), MetricLine.LOSS, p.step(), p.loss());
        if (p.learningRate() != null) {
            store.add(current.id(), MetricLine.LEARNING_RATE, p.step(), p.learningRate());
        }
    }

    private void validation(ValidationResult v) throws IOException {
        if (current == null) {
            return;
        }
        long step = Math.max(0, lastStep);
        if (v.valLoss() != null) {
            lastValLoss = v.valLoss();
            store.add(current.id(), MetricLine.VAL_LOSS, step, v.valLoss());
        }
        if (v.cer() != null) {
            store.add(current.id(), MetricLine.CER, step, v.cer());
        }
        if (v.wer() != null) {
            store.add(current.id(), MetricLine.WER, step, v.wer());
        }
    }

    private void log(String message) throws IOException {
        if (message == null) {
            return;
        }
        Map<String, String> fields = fields(message);
        if (fields.containsKey("model") && fields.containsKey("epochs")) {
            lastStart = fields; // "学習を開始します: model=…, dataset=…, epochs=…, batch_size=…, device=…"
            if (current != null && current.sawStart() && !current.hparams().containsKey("epochs")) {
                current = current.withHparams(fields);
                store.update(current);
            }
        }
        if (!endsFromLogs) {
            // heard live (the status broadcast ends a run) or replayed from an earlier run's log tail: not an end
        } else if (message.contains(COMPLETED_LINE)) {
            end(RunRecord.COMPLETED, message); // also in /api/progress's latest_logs: an end heard late
        } else if (message.contains(STOPPED_LINE)) {
            end(RunRecord.STOPPED, message);
        }
        int at = message.indexOf("checkpoints/");
        if (at >= 0) {
            checkpoint(message.substring(at + "checkpoints/".length()).strip());
        }
    }

    private void checkpoint(String file) throws IOException {
        if (current == null) {
            return;
        }
        Matcher m = SAVED.matcher(file);
        if (!m.find()) {
            return;
        }
        String name = m.group(1);
        Matcher e = EPOCH.matcher(name);
        int epoch = e.find() ? Integer.parseInt(e.group(1)) : 0;
        if (!name.startsWith(current.model() + "-") || epoch < Math.max(0, firstEpoch) || epoch > lastEpoch + 1) {
            return; // another model's, or a line of an earlier run's log tail (this run has not reached that epoch)
        }
        List<RunCheckpoint> list = new ArrayList<>(current.checkpoints());
        list.removeIf(c -> c.name().equals(name));
        list.add(new RunCheckpoint(name, file, epoch, Math.max(0, lastStep), lastValLoss, null, null, null, Instant.now().toString()));
        current = current.withCheckpoints(list);
        store.update(current);
    }

    /** Ends the current run (nothing when none runs). */
    void end(String status, String reason) throws IOException {
        if (current == null) {
            return;
        }
        ObservedRun done = current.ended(status, reason != null ? reason : current.reason(), Instant.now().toString());
        current = null;
        store.update(done);
    }

    /** The backend says it is not training: a run still open here ended unheard. */
    void idle() {
        try {
            if (current != null) {
                end(ObservedRun.UNKNOWN, NOT_HEARD);
                changed.run();
            }
        } catch (IOException e) {
            // kept as well as the disk allows
        }
    }

    /** The run being observed now, if any. */
    Optional<ObservedRun> current() {
        return Optional.ofNullable(current);
    }

    static Map<String, String> fields(String message) {
        Map<String, String> out = new LinkedHashMap<>();
        if (message != null) {
            Matcher m = FIELD.matcher(message);
            while (m.find()) {
                out.putIfAbsent(m.group(1), m.group(2));
            }
        }
        return out;
    }

    private static String clean(String name) {
        String c = name.replaceAll("[^A-Za-z0-9._-]", "_");
        return c.length() > 40 ? c.substring(0, 40) : c;
    }
}
