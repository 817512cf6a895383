package dev.hark.server.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import dev.hark.core.eval.EvaluationSummary;
import dev.hark.core.eval.UtteranceScore;
import dev.hark.engine.RecognitionModel;
import dev.hark.protocol.SafeNames;
import dev.hark.protocol.runs.EvaluationFigures;
import dev.hark.protocol.runs.EvaluationRecord;
import dev.hark.protocol.runs.EvaluationRequest;
import dev.hark.protocol.runs.EvaluationUtterance;
import dev.hark.protocol.runs.RunCheckpoint;
import dev.hark.protocol.runs.RunRecord;
import dev.hark.protocol.training.EvaluationUpdate;
import dev.hark.protocol.training.TrainingMessage;
import dev.hark.server.ModelCatalog;
import dev.hark.training.DatasetStore;
import dev.hark.training.EvaluationStore;
import dev.hark.training.RunHistory;
import dev.hark.training.TrainingException;
import dev.hark.training.dataset.DatasetEntry;
import dev.hark.training.dataset.DatasetReader;
import dev.hark.training.dataset.ValidationSplit;

/**
 * Evaluations of runs' checkpoints ({@code /v2/runs/{id}/evaluations}, docs/protocol.md): one at a time, on the one
 * thread {@code hark-evaluation} this object owns (stopped by {@link #close()}, which cancels the job in progress). A
 * job loads the checkpoint through the model catalog, streams each utterance of the dataset's split through
 * {@link UtteranceEvaluator} and keeps its record in the run's folder ({@link EvaluationStore}: written when it starts,
 * every {@value #SAVE_INTERVAL_MS} ms and when it ends); progress goes out as {@link EvaluationUpdate} events (at most
 * every {@value #EVENT_INTERVAL_MS} ms, and when it ends).
 */
final class EvaluationJobs implements AutoCloseable {

    /** The most utterances one evaluation takes. */
    static final int MAX_UTTERANCES = 5000;
    static final long EVENT_INTERVAL_MS = 250;
    static final long SAVE_INTERVAL_MS = 2000;
    private static final AtomicLong SEQUENCE = new AtomicLong();

    private final RunHistory history;
    private final DatasetStore datasets;
    private final ModelCatalog catalog;
    private final StreamAdmission admission;
    private final Consumer<TrainingMessage> events;
    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "hark-evaluation");
        t.setDaemon(true);
        return t;
    });
    /** The job in progress, or null. Guarded by this. */
    private Job current;

    EvaluationJobs(RunHistory history, DatasetStore datasets, ModelCatalog catalog, StreamAdmission admission,
            Consumer<TrainingMessage> events) {
        this.history = history;
        this.datasets = datasets;
        this.catalog = catalog;
        this.admission = admission;
        this.events = events;
    }

    /** One evaluation in progress: its settings, utterances and scores so far. */
    private final class Job {
        final String id = "e" + Long.toString(System.currentTimeMillis(), 36) + Long.toString(SEQUENCE.incrementAndGet(), 36);
        final String runId, checkpoint, folder, dataset, split, startedAt = Instant.now().toString();
        final int limit;
        final List<DatasetEntry> entries;
        final List<UtteranceScore> scores = new ArrayList<>();
        volatile boolean cancelled;
        String status = EvaluationRecord.RUNNING, reason, endedAt;

        Job(String runId, String checkpoint, String folder, String dataset, String split, int limit, List<DatasetEntry> entries) {
            this.runId = runId;
            this.checkpoint = checkpoint;
            this.folder = folder;
            this.dataset = dataset;
            this.split = split;
            this.limit = limit;
            this.entries = entries;
        }

        synchronized EvaluationRecord record(boolean withUtterances) {
            List<UtteranceScore> copy = List.copyOf(scores);
            return new EvaluationRecord(id, runId, checkpoint, folder, dataset, split, limit, status, reason, copy.size(), entries.size(),
                    startedAt, endedAt, copy.isEmpty() ? null : figures(EvaluationSummary.of(copy)),
                    withUtterances ? copy.stream().map(EvaluationJobs::utterance).toList() : null);
        }

        synchronized void add(UtteranceScore s) {
            scores.add(s);
        }

        synchronized void end(String newStatus, String newReason) {
            status = newStatus;
            reason = newReason;
            endedAt = Instant.now().toString();
        }

        EvaluationUpdate update() {
            EvaluationRecord r = record(false);
            return new EvaluationUpdate(runId, id, checkpoint, r.status(), r.reason(), r.done(), r.total(),
                    r.summary() == null ? null : r.summary().wer(), r.summary() == null ? null : r.summary().cer());
        }
    }

    /**
     * Starts an evaluation of one of {@code runId}'s checkpoints.
     *
     * @throws TrainingException INVALID for a bad field or an empty split, NOT_FOUND for an unknown run, checkpoint or
     *                           dataset, CONFLICT while another evaluation runs
     */
    EvaluationRecord start(String runId, EvaluationRequest request) throws TrainingException {
        RunRecord run = history.get(runId);
        if (request == null || request.checkpoint() == null || request.checkpoint().isBlank()) {
            throw TrainingException.invalid("checkpoint is required: one of the run's checkpoints (GET /v2/runs/" + runId + ")");
        }
        String name = request.checkpoint().strip();
        if (!SafeNames.isValid(name)) {
            throw TrainingException.invalid("invalid checkpoint name \"" + SafeNames.printable(name) + "\"");
        }
        RunCheckpoint checkpoint = run.checkpoints().stream().filter(c -> name.equals(c.name()) || name.equals(c.folder())).findFirst()
                .orElseThrow(() -> TrainingException.notFound("run " + runId + " has no checkpoint \"" + name + "\""));
        String dataset = request.dataset() == null || request.dataset().isBlank() ? run.dataset() : request.dataset().strip();
        if (!DatasetStore.validName(dataset)) {
            throw TrainingException.invalid("invalid dataset name \"" + SafeNames.printable(dataset) + "\"");
        }
        Path folder = datasets.find(dataset).orElseThrow(() -> TrainingException.notFound("no dataset \"" + dataset + "\" on the server"));
        String split = request.split() == null || request.split().isBlank() ? EvaluationRequest.VALIDATION : request.split().strip();
        if (!split.equals(EvaluationRequest.VALIDATION) && !split.equals(EvaluationRequest.ALL)) {
            throw TrainingException.invalid("split must be \"validation\" or \"all\", not \"" + SafeNames.printable(split) + "\"");
        }
        int limit = request.limit() == null ? 0 : request.limit();
        if (limit < 0 || limit > MAX_UTTERANCES) {
            throw TrainingException.invalid("limit must be 0 (all, at most " + MAX_UTTERANCES + ") .. " + MAX_UTTERANCES);
        }
        List<DatasetEntry> entries = entries(run, folder, split);
        if (entries.isEmpty()) {
            throw TrainingException.invalid("the " + split + " split of dataset " + dataset + " has no utterances"
                    + (split.equals(EvaluationRequest.VALIDATION) ? " (the run held none out: evaluate split \"all\")" : ""));
        }
        int cap = limit == 0 ? MAX_UTTERANCES : limit;
        Job job = new Job(runId, checkpoint.name(), checkpoint.folder(), dataset, split, limit,
                List.copyOf(entries.subList(0, Math.min(cap, entries.size()))));
        synchronized (this) {
            if (current != null) {
                throw TrainingException.conflict("an evaluation is in progress (" + current.runId + "/" + current.id
                        + "); wait for it or cancel it");
            }
            if (thread.isShutdown()) {
                throw new TrainingException(TrainingException.Reason.UNAVAILABLE, "the server is stopping");
            }
            current = job;
        }
        save(job);
        thread.execute(() -> run(job));
        return job.record(false);
    }

    /** The run's split as its trainer made it (same code, fraction, limit and seed), or every entry of the dataset. */
    private static List<DatasetEntry> entries(RunRecord run, Path folder, String split) throws TrainingException {
        DatasetReader.Contents contents;
        try {
            contents = DatasetReader.read(folder);
        } catch (IOException e) {
            throw TrainingException.invalid(e.getMessage());
        }
        if (split.equals(EvaluationRequest.ALL)) {
            return contents.entries();
        }
        double fraction = run.hparams() == null ? 0.05 : run.hparams().validationSplit();
        int limit = run.hparams() == null ? 0 : run.hparams().limitSamples();
        long seed = run.hparams() == null ? 42 : run.hparams().seed();
        return ValidationSplit.of(contents.entries(), fraction, limit, seed).validation();
    }

    private void run(Job job) {
        long lastEvent = 0, lastSave = System.currentTimeMillis();
        try {
            RecognitionModel model = load(job);
            if (model == null) {
                job.end(EvaluationRecord.CANCELLED, "cancelled");
                return;
            }
            UtteranceEvaluator evaluator = new UtteranceEvaluator(job.folder, model, admission);
            for (DatasetEntry e : job.entries) {
                if (job.cancelled) {
                    break;
                }
                UtteranceScore s = evaluator.score(e, () -> job.cancelled);
                if (job.cancelled) {
                    break; // an utterance cut off by the cancel is not counted
                }
                job.add(s);
                long now = System.currentTimeMillis();
                if (now - lastEvent >= EVENT_INTERVAL_MS) {
                    lastEvent = now;
                    events.accept(job.update());
                }
                if (now - lastSave >= SAVE_INTERVAL_MS) {
                    lastSave = now;
                    save(job);
                }
            }
            job.end(job.cancelled ? EvaluationRecord.CANCELLED : EvaluationRecord.COMPLETED, job.cancelled ? "cancelled" : null);
        } catch (InterruptedException e) {
            job.end(EvaluationRecord.CANCELLED, "the server is stopping");
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            Throwable cause = e instanceof java.util.concurrent.ExecutionException && e.getCause() != null ? e.getCause() : e;
            job.end(EvaluationRecord.FAILED, "checkpoint " + job.checkpoint + " could not be evaluated: " + cause.getMessage());
        } finally {
            save(job);
            synchronized (this) {
                current = null;
            }
            events.accept(job.update());
            history.evaluated(job.runId); // its best evaluation, pushed on /v2/runs/events with the run
        }
    }

    /** The checkpoint's model, loaded by the catalog (null when cancelled while it loads; at most 5 minutes). */
    private RecognitionModel load(Job job) throws Exception {
        java.util.concurrent.CompletableFuture<RecognitionModel> future = catalog.load(job.folder);
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (true) {
            try {
                return future.get(200, TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                if (job.cancelled) {
                    return null;
                }
                if (System.nanoTime() > deadline) {
                    throw new java.io.IOException("the checkpoint did not load within 5 minutes");
                }
            }
        }
    }

    private void save(Job job) {
        try {
            history.evaluations().write(job.record(true));
        } catch (IOException e) {
            // the run's folder is gone (deleted) or the disk refuses: the job goes on, its record stays in memory
        }
    }

    /** The run's evaluations, newest first (the one in progress as it is now). */
    List<EvaluationRecord> list(String runId) throws TrainingException {
        history.get(runId);
        return history.evaluations().list(runId).stream().map(r -> live(r, false)).toList();
    }

    /** One evaluation with its utterances. */
    EvaluationRecord get(String runId, String evaluationId) throws TrainingException {
        history.get(runId);
        if (!SafeNames.isValid(evaluationId)) {
            throw TrainingException.invalid("invalid evaluation id \"" + SafeNames.printable(evaluationId) + "\"");
        }
        return live(history.evaluations().read(runId, evaluationId)
                .orElseThrow(() -> notFound(runId, evaluationId)), true);
    }

    private EvaluationRecord live(EvaluationRecord stored, boolean withUtterances) {
        Optional<Job> job = running(stored.runId(), stored.id());
        return job.map(j -> j.record(withUtterances)).orElse(stored);
    }

    private synchronized Optional<Job> running(String runId, String evaluationId) {
        return Optional.ofNullable(current).filter(j -> j.runId.equals(runId) && j.id.equals(evaluationId));
    }

    /** Cancels an evaluation in progress; CONFLICT when it has ended. */
    EvaluationRecord cancel(String runId, String evaluationId) throws TrainingException {
        EvaluationRecord r = get(runId, evaluationId);
        Job job = running(runId, evaluationId).orElseThrow(() -> TrainingException.conflict("evaluation " + evaluationId + " is not running ("
                + r.status() + ")"));
        job.cancelled = true;
        return job.record(false);
    }

    /** Cancels the run's evaluation in progress, if any, and waits (a while) for it to end: the run is being deleted. */
    void cancelRun(String runId) throws InterruptedException {
        Job job;
        synchronized (this) {
            job = current != null && current.runId.equals(runId) ? current : null;
        }
        if (job == null) {
            return;
        }
        job.cancelled = true;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline && running(runId, job.id).isPresent()) {
            Thread.sleep(50);
        }
    }

    private static TrainingException notFound(String runId, String evaluationId) {
        return TrainingException.notFound("run " + runId + " has no evaluation \"" + SafeNames.printable(evaluationId) + "\"");
    }

    static EvaluationFigures figures(EvaluationSummary s) {
        return new EvaluationFigures(s.utterances(), s.failed(), s.wer(), s.cer(), s.audioSeconds(), finite(s.firstPartialP50()),
                finite(s.firstPartialP95()), finite(s.finalP50()), finite(s.finalP95()));
    }

    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }

    static EvaluationUtterance utterance(UtteranceScore s) {
        return new EvaluationUtterance(s.id(), s.reference(), s.hypothesis(), s.wordEdits(), s.referenceWords(), s.charEdits(),
                s.referenceChars(), s.firstPartialMillis() < 0 ? null : s.firstPartialMillis(), s.finalMillis() < 0 ? null : s.finalMillis(),
                s.audioSeconds(), s.error());
    }

    /** Cancels the job in progress and stops the thread (waits up to 10 s for it). */
    @Override
    public void close() throws InterruptedException {
        synchronized (this) {
            if (current != null) {
                current.cancelled = true;
            }
        }
        thread.shutdown();
        if (!thread.awaitTermination(10, TimeUnit.SECONDS)) {
            thread.shutdownNow();
        }
    }
}
