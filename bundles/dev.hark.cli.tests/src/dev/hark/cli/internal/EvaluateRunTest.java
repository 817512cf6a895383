package dev.hark.cli.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import dev.hark.cli.internal.EvaluateApplicationTest.Result;
import dev.hark.protocol.ProtocolJson;
import dev.hark.protocol.runs.EvaluationList;
import dev.hark.protocol.runs.EvaluationRecord;
import dev.hark.testing.RunningServer;

/**
 * {@code hark evaluate --run ID}: a real server evaluates the newest checkpoint of a run it really trained, and the
 * CLI prints the server's figures (issue 12, item 6).
 */
class EvaluateRunTest {

    @TempDir
    static Path data;
    static RunningServer server;
    static String runId;

    @BeforeAll
    static void trainARun() throws Exception {
        server = RunningServer.start(data);
        server.generateDigits("digits-cli-eval", 24, 6);
        JsonObject train = new JsonObject();
        train.addProperty("model_name", "ctc");
        train.addProperty("dataset_name", "digits-cli-eval");
        train.addProperty("epochs", 2);
        train.addProperty("batch_size", 8);
        train.addProperty("validation_split", 0.25);
        runId = server.trainAndWait(train);
    }

    @AfterAll
    static void stopServer() throws Exception {
        server.close();
    }

    static HttpResponse<String> post(String path, JsonObject body) throws Exception {
        return server.post(path, body);
    }

    @Test
    void theServerEvaluatesTheRunsNewestCheckpointAndTheCliPrintsItsFigures() throws Exception {
        String url = server.http("").toString();
        Result r = EvaluateApplicationTest.run("--run", runId, "--server", url, "--format", "json");
        assertEquals(EvaluateApplication.OK, r.code(), r.err() + r.out());
        JsonObject root = JsonParser.parseString(r.out()).getAsJsonObject();
        EvaluationList list = ProtocolJson.fromJson(server.get("/v2/runs/" + runId + "/evaluations").body(), EvaluationList.class);
        assertEquals(1, list.evaluations().size());
        EvaluationRecord e = list.evaluations().get(0);
        assertEquals(EvaluationRecord.COMPLETED, e.status());
        assertTrue(e.checkpoint().endsWith("-epoch-2"), "the newest checkpoint: " + e.checkpoint());
        assertEquals(e.checkpoint(), root.get("checkpoint").getAsString());
        assertEquals("digits-cli-eval", root.get("dataset").getAsString());
        assertEquals(e.summary().utterances(), root.getAsJsonObject("summary").get("utterances").getAsInt());
        assertEquals(e.summary().wer(), root.getAsJsonObject("summary").get("wer").getAsDouble(), 1e-12);
        assertEquals(e.summary().cer(), root.getAsJsonObject("summary").get("cer").getAsDouble(), 1e-12);
        assertTrue(r.err().contains("evaluation " + e.id()), r.err());
    }

    @Test
    void badRunsAndCheckpointsAreOneClearLine() {
        String url = server.http("").toString();
        Result unknown = EvaluateApplicationTest.run("--run", "20990101-000000-none", "--server", url);
        assertEquals(EvaluateApplication.USAGE, unknown.code(), unknown.err());
        assertTrue(unknown.err().startsWith("hark evaluate: ") && unknown.err().strip().lines().count() == 1, unknown.err());
        Result checkpoint = EvaluateApplicationTest.run("--run", runId, "--checkpoint", "ctc-nope-epoch-1", "--server", url);
        assertEquals(EvaluateApplication.USAGE, checkpoint.code(), checkpoint.err());
        assertTrue(checkpoint.err().contains("no checkpoint"), checkpoint.err());
        assertEquals(EvaluateApplication.USAGE, EvaluateApplicationTest.run("--run", runId, "--dataset", "/tmp").code(), "both");
        assertEquals(EvaluateApplication.USAGE, EvaluateApplicationTest.run("--server", url).code(), "neither");
        Result down = EvaluateApplicationTest.run("--run", runId, "--server", "http://127.0.0.1:9");
        assertEquals(EvaluateApplication.UNREACHABLE, down.code(), down.err());
    }
}
