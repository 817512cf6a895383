package dev.hark.cli.internal;

import java.io.PrintStream;
import java.net.URI;
import java.util.List;

import dev.hark.api.HarkApi;
import dev.hark.api.HarkApiException;
import dev.hark.api.ServerEvaluations;
import dev.hark.api.ServerRunSource;
import dev.hark.core.eval.EvaluationSummary;
import dev.hark.core.eval.UtteranceScore;
import dev.hark.protocol.runs.EvaluationRecord;
import dev.hark.protocol.runs.EvaluationRequest;
import dev.hark.protocol.runs.EvaluationUtterance;
import dev.hark.protocol.runs.RunCheckpoint;

/**
 * {@code hark evaluate --run ID [--checkpoint C]}: the server evaluates one of its run's checkpoints
 * ({@code /v2/runs/{id}/evaluations}) on its own dataset; this follows it (progress on standard error, every 500 ms)
 * and prints the result as {@code --dataset} prints its own. The result stays with the run on the server.
 */
final class ServerEvaluation {

    private ServerEvaluation() {
    }

    static int run(EvaluateApplication.Options o, URI server, String token, PrintStream out, PrintStream err) {
        try (HarkApi api = new HarkApi(server, token)) {
            String checkpoint = o.checkpoint;
            if (checkpoint == null) {
                List<RunCheckpoint> all = new ServerRunSource(api).record(o.run).checkpoints();
                if (all == null || all.isEmpty()) {
                    err.println("hark evaluate: run " + o.run + " has no checkpoint");
                    return EvaluateApplication.USAGE;
                }
                checkpoint = all.get(all.size() - 1).name();
                o.checkpoint = checkpoint;
            }
            ServerEvaluations evaluations = new ServerEvaluations(api);
            EvaluationRecord r = evaluations.start(o.run, new EvaluationRequest(checkpoint, o.serverDataset, o.split, o.limit));
            o.serverDataset = r.dataset();
            err.println("hark evaluate: evaluating " + checkpoint + " of run " + o.run + " on " + r.dataset() + " (" + r.split() + ", "
                    + r.total() + " utterances) on the server: evaluation " + r.id());
            int reported = -1;
            while (!r.ended()) {
                Thread.sleep(500);
                r = evaluations.get(o.run, r.id());
                if (r.done() != reported) {
                    reported = r.done();
                    err.println("hark evaluate: " + r.done() + "/" + r.total());
                }
            }
            r = evaluations.get(o.run, r.id());
            if (!EvaluationRecord.COMPLETED.equals(r.status())) {
                err.println("hark evaluate: the evaluation " + r.status() + (r.reason() == null ? "" : ": " + r.reason()));
            }
            List<UtteranceScore> scores = r.utterances() == null ? List.of() : r.utterances().stream().map(ServerEvaluation::score).toList();
            EvaluationSummary summary = EvaluationSummary.of(scores);
            switch (o.format) {
                case "csv" -> EvaluateApplication.csv(scores, out);
                case "json" -> EvaluateApplication.json(summary, scores, o, out);
                default -> EvaluateApplication.table(summary, scores, out);
            }
            out.flush();
            return summary.failed() > 0 || !EvaluationRecord.COMPLETED.equals(r.status()) ? EvaluateApplication.FAILED : EvaluateApplication.OK;
        } catch (HarkApiException e) {
            err.println("hark evaluate: " + server + ": " + e.getMessage());
            return e.status() == 0 ? EvaluateApplication.UNREACHABLE : EvaluateApplication.USAGE;
        } catch (IllegalArgumentException e) { // an unknown or bad run id (the run source's 400/404)
            err.println("hark evaluate: " + e.getMessage());
            return EvaluateApplication.USAGE;
        } catch (java.io.IOException e) {
            err.println("hark evaluate: " + server + ": " + e.getMessage());
            return EvaluateApplication.UNREACHABLE;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return EvaluateApplication.FAILED;
        }
    }

    /** The server's utterance as the CLI's reports score one (the same fields and normalisation). */
    static UtteranceScore score(EvaluationUtterance u) {
        return new UtteranceScore(u.id(), u.reference(), u.hypothesis(), u.wordEdits(), u.referenceWords(), u.charEdits(), u.referenceChars(),
                u.firstPartialMs() == null ? -1 : u.firstPartialMs(), u.finalMs() == null ? -1 : u.finalMs(), u.audioSeconds(), u.error());
    }
}
