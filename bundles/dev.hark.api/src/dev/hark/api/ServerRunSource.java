package dev.hark.api;

import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.hark.core.runs.RunInProgressException;
import dev.hark.core.runs.TrainingRunSource;
import dev.hark.protocol.runs.CheckpointInfo;
import dev.hark.protocol.runs.RunCheckpoint;
import dev.hark.protocol.runs.RunDeleted;
import dev.hark.protocol.runs.RunInfo;
import dev.hark.protocol.runs.RunList;
import dev.hark.protocol.runs.RunRecord;
import dev.hark.protocol.runs.ScalarSeries;

/**
 * A Hark server's training runs ({@code /v2/runs}, docs/protocol.md) as a {@link TrainingRunSource}: the runs the
 * server keeps, with their hyperparameters, and their series downsampled by the server. Uses the {@link HarkApi} it is
 * given (not closed here). A server that does not keep runs (an older Hark, asr-test) answers 404: an
 * {@link IOException} saying so. Unknown runs and tags are {@link IllegalArgumentException}s, as the interface says.
 * Runs have checkpoints ({@code GET /v2/runs/{id}}) and can be deleted ({@code DELETE /v2/runs/{id}}; a run in progress is
 * refused with a {@link RunInProgressException}).
 */
public final class ServerRunSource implements TrainingRunSource {

    /** The server keeps no runs: an older Hark server, or an asr-test backend (no {@code /v2/runs}). */
    public static final class NoRuns extends IOException {
        private static final long serialVersionUID = 1L;

        NoRuns(String message) {
            super(message);
        }
    }

    private final HarkApi api;
    private volatile RunPushes pushes;

    public ServerRunSource(HarkApi api) {
        this.api = api;
    }

    /**
     * Follows the server's {@code /v2/runs/events} from now on ({@link RunPushes}): while the stream is open,
     * {@link #records()} and {@link #runs()} answer from what it pushed without asking the server, and {@code onChange}
     * runs after each change (on the thread "hark-runs-push": hand work on, never block it). Once is enough; later
     * calls change nothing. {@link #close()} stops it.
     */
    public synchronized void follow(Runnable onChange) {
        if (pushes == null) {
            pushes = new RunPushes(api, this, onChange);
        }
    }

    /** True while the server's changes are pushed (no polling needed); false before, after a drop, and without push. */
    public boolean pushing() {
        RunPushes p = pushes;
        return p != null && p.live();
    }

    @Override
    public void close() {
        RunPushes p;
        synchronized (this) {
            p = pushes;
            pushes = null;
        }
        if (p != null) {
            p.close();
        }
    }

    /** The client this source asks. */
    public HarkApi api() {
        return api;
    }

    @Override
    public String label() {
        return "Hark server: " + api.base();
    }

    /** The server's runs, newest first, as the server describes them (as pushed, while {@link #pushing()}). */
    public List<RunRecord> records() throws IOException {
        RunPushes p = pushes;
        if (p != null && p.live()) {
            return p.records();
        }
        return fetch();
    }

    /** {@code GET /v2/runs}. */
    List<RunRecord> fetch() throws IOException {
        try {
            return api.<RunList>send(api.request("v2/runs").GET().build(), RunList.class).runs();
        } catch (HarkApiException e) {
            throw failure(e, false);
        }
    }

    /** One run with its checkpoints. */
    public RunRecord record(String runId) throws IOException {
        try {
            return api.send(api.request("v2/runs/" + HarkApi.segment(runId)).GET().build(), RunRecord.class);
        } catch (HarkApiException e) {
            throw failure(e, true);
        }
    }

    /** Deletes a run with its checkpoints; the server refuses a run in progress (a {@link RunInProgressException} with its reason). */
    @Override
    public RunDeleted delete(String runId) throws IOException {
        try {
            return api.send(api.request("v2/runs/" + HarkApi.segment(runId)).DELETE().build(), RunDeleted.class);
        } catch (HarkApiException e) {
            if (e.status() == 409) {
                throw new RunInProgressException(e.getMessage());
            }
            throw failure(e, true);
        }
    }

    @Override
    public boolean canDelete() {
        return true;
    }

    /**
     * The run's checkpoints still on the server, by epoch, with their validation's numbers and, for a checkpoint that
     * was evaluated, the newest completed evaluation's WER and CER (a server without evaluations: none).
     */
    @Override
    public List<CheckpointInfo> checkpoints(String runId) throws IOException {
        List<RunCheckpoint> saved = record(runId).checkpoints();
        if (saved == null || saved.isEmpty()) {
            return List.of();
        }
        java.util.Map<String, dev.hark.protocol.runs.EvaluationRecord> evaluated = new java.util.HashMap<>();
        try {
            var list = new ServerEvaluations(api).list(runId).evaluations();
            for (var e : list == null ? List.<dev.hark.protocol.runs.EvaluationRecord>of() : list) { // newest first
                if (dev.hark.protocol.runs.EvaluationRecord.COMPLETED.equals(e.status()) && e.summary() != null
                        && e.summary().utterances() > 0) {
                    if (e.checkpointFolder() != null) {
                        evaluated.putIfAbsent(e.checkpointFolder(), e);
                    }
                    if (e.checkpoint() != null) {
                        evaluated.putIfAbsent(e.checkpoint(), e);
                    }
                }
            }
        } catch (HarkApiException e) {
            if (e.status() != 404) { // 404: a server from before evaluations
                throw failure(e, true);
            }
        }
        return saved.stream().map(c -> {
            CheckpointInfo info = CheckpointInfo.of(c);
            var e = c.folder() != null && evaluated.containsKey(c.folder()) ? evaluated.get(c.folder()) : evaluated.get(info.name());
            return e == null ? info : info.withEvaluation(e.summary().wer(), e.summary().cer());
        }).toList();
    }

    @Override
    public List<RunInfo> runs() throws IOException {
        return records().stream().map(ServerRunSource::info).toList();
    }

    @Override
    public ScalarSeries series(String runId, String tag, int maxPoints) throws IOException {
        try {
            return api.send(api.request("v2/runs/" + HarkApi.segment(runId) + "/scalars?tag=" + HarkApi.q(tag) + "&max_points="
                    + Math.max(0, maxPoints)).GET().build(), ScalarSeries.class);
        } catch (HarkApiException e) {
            throw failure(e, true);
        }
    }

    /**
     * A run as every source describes it: model, dataset and where it resumed from join the hyperparameters, and so do
     * its best evaluation's WER and CER ({@code eval_wer}, {@code eval_cer}) when it has one.
     */
    static RunInfo info(RunRecord r) {
        Map<String, String> hparams = new LinkedHashMap<>();
        hparams.put("model", r.model());
        hparams.put("dataset", r.dataset());
        if (r.resumedFrom() != null) {
            hparams.put("resumed_from", r.resumedFrom());
        }
        if (r.hparams() != null) {
            hparams.putAll(r.hparams().asMap());
        }
        if (r.bestEvaluation() != null) { // the best evaluation's figures, to compare runs by (hparams table)
            hparams.put("eval_wer", String.format(java.util.Locale.ROOT, "%.4f", r.bestEvaluation().wer()));
            hparams.put("eval_cer", String.format(java.util.Locale.ROOT, "%.4f", r.bestEvaluation().cer()));
        }
        hparams.values().removeIf(v -> v == null);
        String detail = RunRecord.FAILED.equals(r.status()) && r.reason() != null ? r.reason() : "";
        return new RunInfo(r.id(), r.name(), r.state(), detail, r.tags(), r.points(), r.lastStep(), seconds(r.endedAt() != null
                ? r.endedAt() : r.startedAt()), hparams);
    }

    private static double seconds(String iso) {
        try {
            Instant t = Instant.parse(iso);
            return t.getEpochSecond() + t.getNano() / 1e9;
        } catch (RuntimeException e) {
            return Double.NaN;
        }
    }

    /** A 400 or 404 about one run is an IllegalArgumentException (unknown or bad run or tag); else an IOException. */
    private IOException failure(HarkApiException e, boolean aboutOneRun) {
        if (aboutOneRun && (e.status() == 400 || e.status() == 404)) {
            throw new IllegalArgumentException(e.getMessage());
        }
        if (HarkApi.missingRoute(e)) {
            return new NoRuns(api.base() + " keeps no training runs (" + e.getMessage() + ")");
        }
        return new IOException(e.getMessage(), e);
    }
}
