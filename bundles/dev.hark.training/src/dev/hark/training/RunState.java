package dev.hark.training;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

import dev.hark.protocol.ProtocolJson;
import dev.hark.protocol.rest.ProgressReport;
import dev.hark.protocol.training.CheckpointSaved;
import dev.hark.protocol.training.TrainingError;
import dev.hark.protocol.training.TrainingLog;
import dev.hark.protocol.training.TrainingProgress;
import dev.hark.protocol.training.ValidationResult;

/**
 * What {@code GET /api/progress} reports about the current or last run: the last progress, validation, checkpoint,
 * error and status, and the last {@value #MAX_LOGS} log lines. Thread-safe; values stay after a run ends.
 */
final class RunState {

    static final int MAX_LOGS = 50;

    private final Deque<String> logs = new ArrayDeque<>();
    private TrainingProgress lastProgress;
    private ValidationResult lastValidation;
    private TrainingError lastError;
    private String status = ProgressReport.IDLE;
    private String statusMessage;
    private String lastCheckpoint;
    private String model;
    private String dataset;
    private String runId;

    synchronized void begin(String runId, String model, String dataset) {
        logs.clear();
        lastProgress = null;
        lastValidation = null;
        lastError = null;
        lastCheckpoint = null;
        status = ProgressReport.RUNNING;
        statusMessage = null;
        this.model = model;
        this.dataset = dataset;
        this.runId = runId;
    }

    synchronized void progress(TrainingProgress p) {
        lastProgress = p;
    }

    synchronized void validation(ValidationResult v) {
        lastValidation = v;
    }

    synchronized void checkpoint(CheckpointSaved c) {
        lastCheckpoint = c.name();
    }

    synchronized void error(TrainingError e) {
        lastError = e;
    }

    synchronized void finished(String status, String message) {
        this.status = status;
        this.statusMessage = message;
    }

    synchronized String runId() {
        return runId;
    }

    synchronized void remember(TrainingLog log) {
        logs.addLast(log.line());
        while (logs.size() > MAX_LOGS) {
            logs.removeFirst();
        }
    }

    /** v1's {@code GET /progress}, plus status, throughput, ETA and the last validation results. */
    synchronized ProgressReport report(boolean training) {
        TrainingProgress p = lastProgress;
        ValidationResult v = lastValidation;
        return new ProgressReport(training, status, statusMessage, runId, model, dataset, p == null ? 0 : p.epoch(),
                p == null ? 0 : p.step(), p == null ? 0 : p.totalEpochs(), p == null ? 0 : p.totalSteps(),
                p == null ? null : p.loss(), p == null ? null : p.learningRate(), p == null ? 0 : p.fraction(),
                p == null ? null : ProtocolJson.finite(p.etaSeconds()), p == null ? null : p.audioSecondsPerSecond(),
                p == null ? null : p.stepTimeMs(), p == null ? null : p.stepTimeP50Ms(), p == null ? null : p.stepTimeP99Ms(),
                v == null ? null : v.valLoss(), v == null ? null : v.cer(), v, lastCheckpoint, List.copyOf(logs), lastError,
                Instant.now().toString());
    }
}
