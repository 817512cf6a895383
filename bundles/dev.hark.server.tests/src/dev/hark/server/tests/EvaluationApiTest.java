package dev.hark.server.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import com.google.gson.JsonObject;

import dev.hark.protocol.ProtocolJson;
import dev.hark.protocol.runs.EvaluationList;
import dev.hark.protocol.runs.EvaluationRecord;
import dev.hark.protocol.runs.EvaluationUtterance;
import dev.hark.protocol.runs.RunList;
import dev.hark.protocol.runs.RunRecord;
import dev.hark.testing.Await;
import dev.hark.testing.RunningServer;
import dev.hark.training.dataset.DatasetEntry;
import dev.hark.training.dataset.DatasetReader;
import dev.hark.training.dataset.ValidationSplit;

/**
 * Issue 12, item 6: evaluations of a run's checkpoint over real HTTP, with a really trained tiny run. The validation
 * split is the trainer's (same utterances), every utterance is streamed and scored, the summary is the utterances'
 * sum, progress comes as SSE events, the run record carries the best evaluation, a second evaluation is refused
 * while one runs, one can be cancelled, results survive a restart and go with the run; hostile input is a clean 4xx.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EvaluationApiTest {

    static final String DATASET = "digits-eval";
    static final double SPLIT = 0.25;

    @TempDir
    static Path data;
    static RunningServer server;
    static String runId;
    static String checkpoint;
    static EvaluationRecord completed;

    @BeforeAll
    static void trainATinyRun() throws Exception {
        server = RunningServer.start(data);
        server.generateDigits(DATASET, 40, 5);
        JsonObject train = new JsonObject();
        train.addProperty("model_name", "ctc");
        train.addProperty("dataset_name", DATASET);
        train.addProperty("epochs", 16); // 2 sufficed by luck: a model this small stays all blank for its first ~100 steps
        train.addProperty("batch_size", 4);
        train.addProperty("validation_split", SPLIT);
        train.addProperty("seed", 11);
        train.addProperty("resume_from_checkpoint", false);
        runId = server.trainAndWait(train);
        RunRecord run = read(server.get("/v2/runs/" + runId), RunRecord.class);
        assertEquals(RunRecord.COMPLETED, run.status(), run.toString());
        checkpoint = run.checkpoints().get(run.checkpoints().size() - 1).name();
    }

    @AfterAll
    static void stopServer() throws Exception {
        server.close();
    }

    static HttpResponse<String> post(String path, JsonObject body) throws Exception {
        return server.post(path, body);
    }

    static HttpResponse<String> evaluate(String run, String checkpointName, String dataset, String split, Integer limit) throws Exception {
        JsonObject b = new JsonObject();
        b.addProperty("checkpoint", checkpointName);
        b.addProperty("dataset", dataset);
        b.addProperty("split", split);
        b.addProperty("limit", limit);
        return post("/v2/runs/" + run + "/evaluations", b);
    }

    static <T> T read(HttpResponse<String> r, Class<T> type) throws Exception {
        assertEquals(200, r.statusCode(), r.body());
        return ProtocolJson.fromJson(r.body(), type);
    }

    static EvaluationRecord awaitEnd(String evaluationId) throws Exception {
        Await.until(TrainingApiTest.LONG, "evaluation " + evaluationId, () -> {
            try {
                return read(server.get("/v2/runs/" + runId + "/evaluations/" + evaluationId), EvaluationRecord.class).ended();
            } catch (Exception e) {
                return false;
            }
        });
        return read(server.get("/v2/runs/" + runId + "/evaluations/" + evaluationId), EvaluationRecord.class);
    }

    @Test
    @Order(1)
    void theValidationSplitIsStreamedScoredAndReportedWithEvents() throws Exception {
        List<String> events = new CopyOnWriteArrayList<>();
        HttpClient client = HttpClient.newHttpClient();
        HttpResponse<java.io.InputStream> stream = client.send(HttpRequest.newBuilder(server.http("/api/events")).GET().build(),
                HttpResponse.BodyHandlers.ofInputStream());
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
                String event = null, line;
                while ((line = in.readLine()) != null) {
                    if (line.startsWith("event: ")) {
                        event = line.substring(7);
                    } else if (line.startsWith("data: ") && event != null && event.startsWith("evaluation_")) {
                        events.add(event + " " + line.substring(6));
                    }
                }
            } catch (Exception e) {
                // closed at the end of the test
            }
        }, "test-sse-reader");
        reader.setDaemon(true);
        reader.start();
        Await.until(Duration.ofSeconds(10), "the SSE subscription", () -> server.server.trainingEvents().listenerCount() > 0);
        try {
            HttpResponse<String> started = evaluate(runId, checkpoint, null, null, null);
            EvaluationRecord first = read(started, EvaluationRecord.class);
            assertEquals(EvaluationRecord.RUNNING, first.status());
            assertEquals(DATASET, first.dataset(), "the run's dataset by default");
            assertEquals("validation", first.split());
            completed = awaitEnd(first.id());
            Await.until(Duration.ofSeconds(10), "the evaluation_done event", () -> events.stream().anyMatch(e -> e.startsWith("evaluation_done")));
        } finally {
            stream.body().close();
        }
        assertEquals(EvaluationRecord.COMPLETED, completed.status(), completed.toString());
        // the trainer's own validation utterances: the same split code, fraction, limit and seed
        List<DatasetEntry> entries = DatasetReader.read(data.resolve("datasets").resolve(DATASET)).entries();
        Set<String> expected = ValidationSplit.of(entries, SPLIT, 0, 11).validation().stream().map(DatasetEntry::id).collect(Collectors.toSet());
        assertFalse(expected.isEmpty());
        assertEquals(expected, completed.utterances().stream().map(EvaluationUtterance::id).collect(Collectors.toSet()));
        assertEquals(expected.size(), completed.total());
        assertEquals(expected.size(), completed.done());
        long edits = 0, words = 0, charEdits = 0, chars = 0;
        int heard = 0;
        for (EvaluationUtterance u : completed.utterances()) {
            assertEquals("", u.error(), u.toString());
            assertFalse(u.reference().isBlank(), u.toString());
            assertEquals(dev.hark.core.eval.ErrorRate.wordEdits(u.reference(), u.hypothesis()), u.wordEdits(), u.toString());
            assertNotNull(u.finalMs(), "a final for every utterance: " + u);
            assertTrue(u.audioSeconds() > 0.3, u.toString());
            heard += u.hypothesis().isBlank() ? 0 : 1;
            edits += u.wordEdits();
            words += u.referenceWords();
            charEdits += u.charEdits();
            chars += u.referenceChars();
        }
        assertTrue(heard > 0, "the checkpoint heard nothing at all: " + completed.utterances());
        assertEquals((double) edits / words, completed.summary().wer(), 1e-12);
        assertEquals((double) charEdits / chars, completed.summary().cer(), 1e-12);
        assertEquals(expected.size(), completed.summary().utterances());
        assertEquals(0, completed.summary().failed());
        assertNotNull(completed.summary().finalP50Ms());
        assertTrue(events.stream().anyMatch(e -> e.startsWith("evaluation_done") && e.contains(completed.id())
                && e.contains("\"status\":\"completed\"")), events.toString());
        assertTrue(events.stream().filter(e -> e.startsWith("evaluation_progress")).count() >= 1, events.toString());
        // kept in the run's folder, and the run now carries its best evaluation
        assertTrue(Files.isRegularFile(data.resolve("runs").resolve(runId).resolve("evaluations").resolve(completed.id() + ".json")));
        RunRecord listed = read(server.get("/v2/runs"), RunList.class).runs().stream().filter(r -> r.id().equals(runId)).findFirst()
                .orElseThrow();
        assertNotNull(listed.bestEvaluation(), listed.toString());
        assertEquals(completed.id(), listed.bestEvaluation().evaluationId());
        assertEquals(completed.summary().wer(), listed.bestEvaluation().wer(), 1e-12);
        EvaluationList list = read(server.get("/v2/runs/" + runId + "/evaluations"), EvaluationList.class);
        assertEquals(List.of(completed.id()), list.evaluations().stream().map(EvaluationRecord::id).toList());
        assertNull(list.evaluations().get(0).utterances(), "lists leave the utterances out");
    }

    @Test
    @Order(2)
    void badInputIsAClean4xx() throws Exception {
        assertEquals(404, evaluate("20990101-000000-none", checkpoint, null, null, null).statusCode(), "unknown run");
        assertEquals(400, evaluate(".hidden", checkpoint, null, null, null).statusCode(), "hostile run id");
        assertEquals(400, evaluate("a%20b", checkpoint, null, null, null).statusCode(), "hostile run id");
        assertEquals(400, evaluate(runId, null, null, null, null).statusCode(), "no checkpoint");
        assertEquals(400, evaluate(runId, "../../secret", null, null, null).statusCode(), "hostile checkpoint");
        assertEquals(404, evaluate(runId, "ctc-other-epoch-1", null, null, null).statusCode(), "another run's or no checkpoint");
        assertEquals(400, evaluate(runId, checkpoint, "../datasets", null, null).statusCode(), "hostile dataset");
        assertEquals(404, evaluate(runId, checkpoint, "nope", null, null).statusCode(), "unknown dataset");
        assertEquals(400, evaluate(runId, checkpoint, null, "train", null).statusCode(), "bad split");
        assertEquals(400, evaluate(runId, checkpoint, null, null, -1).statusCode(), "negative limit");
        assertEquals(400, evaluate(runId, checkpoint, null, null, 1_000_000).statusCode(), "limit above the bound");
        HttpResponse<String> typo = server.send(HttpRequest.newBuilder(server.http("/v2/runs/" + runId + "/evaluations"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"checkpoint\": 3")));
        assertEquals(400, typo.statusCode(), typo.body());
        assertEquals(404, server.get("/v2/runs/" + runId + "/evaluations/e-none").statusCode());
        assertEquals(400, server.get("/v2/runs/" + runId + "/evaluations/.secret").statusCode(), "hostile evaluation id");
        assertEquals(409, server.send(HttpRequest.newBuilder(server.http("/v2/runs/" + runId + "/evaluations/" + completed.id()))
                .DELETE()).statusCode(), "cancelling an evaluation that has ended");
    }

    @Test
    @Order(3)
    void aSecondEvaluationIsRefusedWhileOneRunsAndOneCanBeCancelled() throws Exception {
        EvaluationRecord all = read(evaluate(runId, checkpoint, null, "all", 0), EvaluationRecord.class);
        assertEquals(40, all.total(), "every utterance of the dataset");
        HttpResponse<String> second = evaluate(runId, checkpoint, null, null, null);
        assertEquals(409, second.statusCode(), second.body());
        HttpResponse<String> cancel = server.send(HttpRequest.newBuilder(server.http("/v2/runs/" + runId + "/evaluations/" + all.id())).DELETE());
        assertEquals(200, cancel.statusCode(), cancel.body());
        EvaluationRecord ended = awaitEnd(all.id());
        assertEquals(EvaluationRecord.CANCELLED, ended.status(), ended.toString());
        assertTrue(ended.done() < 40, ended.toString());
        assertEquals(ended.done(), ended.utterances().size());
        // a cancelled one is not the run's best; a limit is kept
        RunRecord run = read(server.get("/v2/runs/" + runId), RunRecord.class);
        assertEquals(completed.id(), run.bestEvaluation().evaluationId());
        EvaluationRecord limited = read(evaluate(runId, checkpoint, DATASET, "all", 3), EvaluationRecord.class);
        assertEquals(3, limited.total());
        assertEquals(EvaluationRecord.COMPLETED, awaitEnd(limited.id()).status());
    }

    @Test
    @Order(4)
    void resultsSurviveARestartAndGoWithTheRun() throws Exception {
        server.close();
        server = RunningServer.start(data);
        EvaluationRecord again = read(server.get("/v2/runs/" + runId + "/evaluations/" + completed.id()), EvaluationRecord.class);
        assertEquals(completed, again);
        assertEquals(3, read(server.get("/v2/runs/" + runId + "/evaluations"), EvaluationList.class).evaluations().size());
        List<String> before = new ArrayList<>();
        try (var files = Files.list(data.resolve("runs").resolve(runId).resolve("evaluations"))) {
            files.forEach(f -> before.add(f.getFileName().toString()));
        }
        assertEquals(3, before.size(), before.toString());
        HttpResponse<String> deleted = server.send(HttpRequest.newBuilder(server.http("/v2/runs/" + runId)).DELETE());
        assertEquals(200, deleted.statusCode(), deleted.body());
        assertFalse(Files.exists(data.resolve("runs").resolve(runId)));
        assertEquals(404, server.get("/v2/runs/" + runId + "/evaluations").statusCode());
    }
}
