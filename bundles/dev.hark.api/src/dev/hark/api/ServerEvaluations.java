package dev.hark.api;

import java.net.http.HttpRequest;

import dev.hark.protocol.ProtocolJson;
import dev.hark.protocol.runs.EvaluationList;
import dev.hark.protocol.runs.EvaluationRecord;
import dev.hark.protocol.runs.EvaluationRequest;

/**
 * Evaluations of a Hark server run's checkpoints ({@code /v2/runs/{id}/evaluations}, docs/protocol.md) through the
 * {@link HarkApi} it is given (not closed here). A server without the routes (an older Hark, asr-test) answers
 * {@link HarkApiException#NOT_SUPPORTED}.
 */
public final class ServerEvaluations {

    private final HarkApi api;

    public ServerEvaluations(HarkApi api) {
        this.api = api;
    }

    private static String base(String runId) {
        return "v2/runs/" + HarkApi.segment(runId) + "/evaluations";
    }

    /** Starts an evaluation; the server refuses a second one while one runs (409). */
    public EvaluationRecord start(String runId, EvaluationRequest request) throws HarkApiException {
        try {
            return api.send(api.request(base(runId)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(ProtocolJson.toJson(request))).build(), EvaluationRecord.class);
        } catch (HarkApiException e) {
            throw HarkApi.unsupported(e, "evaluations");
        }
    }

    /** One evaluation with its utterances (as far as it got). */
    public EvaluationRecord get(String runId, String evaluationId) throws HarkApiException {
        return api.send(api.request(base(runId) + "/" + HarkApi.segment(evaluationId)).GET().build(), EvaluationRecord.class);
    }

    /** The run's evaluations, newest first, without utterances. */
    public EvaluationList list(String runId) throws HarkApiException {
        try {
            return api.send(api.request(base(runId)).GET().build(), EvaluationList.class);
        } catch (HarkApiException e) {
            throw HarkApi.unsupported(e, "evaluations");
        }
    }

    /** Cancels an evaluation in progress (409 once it has ended). */
    public EvaluationRecord cancel(String runId, String evaluationId) throws HarkApiException {
        return api.send(api.request(base(runId) + "/" + HarkApi.segment(evaluationId)).DELETE().build(), EvaluationRecord.class);
    }
}
