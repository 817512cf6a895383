package dev.hark.app.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.StyledText;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableItem;
import org.eclipse.swt.widgets.Text;

import com.google.gson.JsonObject;

import dev.hark.core.eval.AlignedWord;
import dev.hark.core.eval.ErrorRate;
import dev.hark.protocol.ProtocolJson;
import dev.hark.protocol.runs.EvaluationList;
import dev.hark.protocol.runs.EvaluationRecord;
import dev.hark.protocol.runs.EvaluationUtterance;
import dev.hark.testing.RunningServer;
import dev.hark.ui.internal.EvaluationText;

/**
 * Issue 12, item 6 in the workbench ({@link WorkbenchTest} runs it on its workbench and in-process server): a tiny run
 * really trained on the server, its newest checkpoint evaluated through the Runs view's Evaluate… button and the real
 * dialog, the result window's figures checked against the server's record, an utterance selected and its word diff
 * checked against the alignment of its reference and hypothesis; a screenshot of the result.
 */
final class EvaluationChecks {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final String DATASET = "digits-ui-eval";

    private final RunningWorkbench workbench;
    private final RunningServer server;

    EvaluationChecks(RunningWorkbench workbench, RunningServer server) {
        this.workbench = workbench;
        this.server = server;
    }

    private HttpResponse<String> post(String path, JsonObject body) throws Exception {
        return server.send(HttpRequest.newBuilder(server.http(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())));
    }

    private static boolean call(WorkbenchTest.Check check) {
        return WorkbenchTest.call(check);
    }

    void evaluateACheckpointThroughTheDialog(Path embedded) throws Exception {
        Views.useServer(server.server.httpUri().toString(), embedded);
        JsonObject dataset = new JsonObject();
        dataset.addProperty("dataset_name", DATASET);
        dataset.addProperty("kind", "digits");
        dataset.addProperty("count", 240);
        dataset.addProperty("seed", 4);
        assertEquals(200, post("/api/dataset/generate", dataset).statusCode());
        workbench.waitUntil(Duration.ofMinutes(3), () -> call(() -> server.get("/api/datasets/" + DATASET).body().contains("\"downloaded\"")),
                "the dataset to be generated");
        JsonObject train = new JsonObject();
        train.addProperty("model_name", "ctc");
        train.addProperty("dataset_name", DATASET);
        train.addProperty("epochs", 20); // ~30 s: enough to hear some digits right and some wrong
        train.addProperty("learning_rate", 0.004);
        train.addProperty("batch_size", 8);
        train.addProperty("validation_split", 0.1);
        train.addProperty("resume_from_checkpoint", false);
        HttpResponse<String> started = post("/api/train/start", train);
        assertEquals(200, started.statusCode(), started.body());
        String runId = RunningServer.json(started.body()).get("run_id").getAsString();
        try {
            workbench.waitUntil(Duration.ofMinutes(5), () -> call(() -> server.get("/api/status").body().contains("\"is_training\":false")),
                    "the run to end");
            workbench.showPart(Views.RUNS);
            workbench.waitUntil(TIMEOUT, () -> call(() -> workbench.sync(() -> row(runId) != null)), "the Runs view to list the run");
            // select the run, then its newest checkpoint in the Checkpoints tab, and press Evaluate…
            workbench.sync(() -> {
                Table t = runsTable();
                t.setSelection(row(runId));
                t.notifyListeners(SWT.Selection, new Event());
                var tabs = (org.eclipse.swt.widgets.TabFolder) workbench.findAll("runs.details").get(0);
                tabs.setSelection(1);
                return null;
            });
            workbench.waitUntil(TIMEOUT, () -> call(() -> workbench.sync(() -> checkpointTable().getItemCount() > 0)),
                    "the run's checkpoints");
            String newest = workbench.sync(() -> {
                Table c = checkpointTable();
                TableItem last = Arrays.stream(c.getItems()).max(java.util.Comparator.comparingInt(i -> Integer.parseInt(i.getText(1))))
                        .orElseThrow();
                assertEquals("", last.getText(6), "no evaluation WER before one: " + last.getText(0));
                c.setSelection(last);
                Event e = new Event();
                e.item = last;
                c.notifyListeners(SWT.Selection, e);
                Button evaluate = (Button) workbench.findAll("runs.evaluate").get(0);
                assertTrue(evaluate.isEnabled(), "Evaluate is offered for the selected checkpoint");
                evaluate.notifyListeners(SWT.Selection, new Event());
                return last.getText(0);
            });
            workbench.waitUntil(TIMEOUT, () -> call(() -> workbench.sync(() -> !workbench.findInAnyShell("evaluate.dataset").isEmpty())),
                    "the Evaluate dialog");
            workbench.sync(() -> {
                Text name = (Text) workbench.findInAnyShell("evaluate.dataset").get(0);
                assertEquals(DATASET, name.getText(), "the run's dataset by default");
                assertTrue(name.isFocusControl() || name.getShell().getDefaultButton() != null, "keyboard: Enter evaluates");
                return null;
            });
            workbench.screenshot(shell("evaluate.dataset"), "evaluate-dialog");
            workbench.sync(() -> {
                Button start = (Button) workbench.findInAnyShell("evaluate.start").get(0);
                assertEquals(start, start.getShell().getDefaultButton(), "Evaluate is the default button");
                start.notifyListeners(SWT.Selection, new Event());
                return null;
            });
            workbench.waitUntil(Duration.ofMinutes(3), () -> call(() -> workbench.sync(() -> !workbench.findInAnyShell("evaluation.summary").isEmpty())),
                    "the evaluation's result window");
            EvaluationList list = ProtocolJson.fromJson(server.get("/v2/runs/" + runId + "/evaluations").body(), EvaluationList.class);
            assertEquals(1, list.evaluations().size(), list.toString());
            EvaluationRecord record = ProtocolJson.fromJson(server.get("/v2/runs/" + runId + "/evaluations/" + list.evaluations().get(0).id())
                    .body(), EvaluationRecord.class);
            assertEquals(EvaluationRecord.COMPLETED, record.status(), record.toString());
            String summary = workbench.sync(() -> ((Label) workbench.findInAnyShell("evaluation.summary").get(0)).getText());
            assertTrue(summary.contains("WER " + EvaluationText.percent(record.summary().wer())), summary + " vs " + record.summary());
            assertTrue(summary.contains("CER " + EvaluationText.percent(record.summary().cer())), summary + " vs " + record.summary());
            assertTrue(summary.contains(" " + record.summary().utterances() + " "), summary);
            Table table = workbench.sync(() -> (Table) workbench.findInAnyShell("evaluation.table").get(0));
            assertEquals(record.utterances().size(), (int) workbench.sync(table::getItemCount));
            // sorted by errors, most first
            int firstEdits = record.utterances().stream().mapToInt(EvaluationUtterance::wordEdits).max().orElse(0);
            assertTrue(workbench.sync(() -> table.getItem(0).getText(2)).startsWith(firstEdits + " / "), "most errors first");
            // select the utterance with the most errors (the last row when sorted the other way) and read its diff
            EvaluationUtterance chosen = record.utterances().stream().filter(u -> u.wordEdits() == firstEdits).findFirst().orElseThrow();
            workbench.sync(() -> {
                TableItem item = Arrays.stream(table.getItems()).filter(i -> i.getText(0).equals(chosen.id())).findFirst().orElseThrow();
                table.setSelection(item);
                table.notifyListeners(SWT.Selection, new Event());
                return null;
            });
            List<AlignedWord> expected = ErrorRate.alignWords(chosen.reference(), chosen.hypothesis());
            StyledText diff = workbench.sync(() -> (StyledText) workbench.findInAnyShell("evaluation.diff").get(0));
            String diffText = workbench.sync(diff::getText);
            for (AlignedWord w : expected) {
                String shown = switch (w.kind()) {
                    case MATCH -> w.reference();
                    case SUBSTITUTION -> "~" + w.reference() + "\u2192" + w.hypothesis();
                    case INSERTION -> "+" + w.hypothesis();
                    case DELETION -> "\u2212" + w.reference();
                };
                assertTrue(diffText.contains(shown), "diff \"" + diffText + "\" lacks " + w);
            }
            assertEquals(expected.stream().filter(AlignedWord::isEdit).count(), (long) workbench.sync(() -> diff.getStyleRanges().length),
                    "one coloured range per edit: " + diffText);
            String legend = workbench.sync(() -> ((StyledText) workbench.findInAnyShell("evaluation.legend").get(0)).getText());
            assertTrue(legend.contains("+word") && legend.contains("\u2212word") && legend.contains("~ref"), legend);
            System.out.println("evaluation " + record.id() + ": " + summary + "; " + chosen.id() + " diff: " + diffText);
            workbench.capture(shell("evaluation.summary"), "evaluation-result");
            workbench.sync(() -> {
                shell("evaluation.summary").close();
                return null;
            });
            assertEquals(newest, record.checkpoint(), "the checkpoint chosen in the table was evaluated");
            // the evaluated checkpoint's row shows the evaluation's WER and CER
            String evalWer = String.format(java.util.Locale.ROOT, "%.4f", record.summary().wer());
            String evalCer = String.format(java.util.Locale.ROOT, "%.4f", record.summary().cer());
            workbench.waitUntil(TIMEOUT, () -> call(() -> workbench.sync(() -> Arrays.stream(checkpointTable().getItems())
                    .anyMatch(i -> i.getText(0).equals(newest) && i.getText(6).equals(evalWer) && i.getText(7).equals(evalCer)))),
                    "the checkpoint table to show " + newest + "'s evaluation WER " + evalWer + " and CER " + evalCer);
            workbench.sync(() -> {
                checkpointTable().showColumn(checkpointTable().getColumn(7)); // the evaluation's columns in sight
                return null;
            });
            workbench.screenshot("view-runs-evaluated-checkpoint");
            // the run's best evaluation joins its hyperparameters, so runs can be sorted by it in the HParams table
            String wer = String.format(java.util.Locale.ROOT, "%.4f", record.summary().wer());
            workbench.waitUntil(TIMEOUT, () -> call(() -> workbench.sync(() -> {
                Table hparams = (Table) workbench.findAll("runs.hparams").get(0);
                int column = -1;
                for (int i = 0; i < hparams.getColumnCount(); i++) {
                    column = hparams.getColumn(i).getText().equals("eval_wer") ? i : column;
                }
                int c = column;
                return c >= 0 && Arrays.stream(hparams.getItems()).anyMatch(i -> i.getText(0).equals(runId) && i.getText(c).equals(wer));
            })), "the run's best evaluation WER " + wer + " in the HParams table");
        } finally {
            server.send(HttpRequest.newBuilder(server.http("/v2/runs/" + runId)).DELETE());
        }
    }

    private Table checkpointTable() {
        return (Table) workbench.findAll("runs.checkpoints").get(0);
    }

    private Shell shell(String id) throws Exception {
        return workbench.sync(() -> workbench.findInAnyShell(id).get(0).getShell());
    }

    private TableItem row(String runId) {
        return Arrays.stream(runsTable().getItems()).filter(i -> i.getText(0).equals(runId)).findFirst().orElse(null);
    }

    private Table runsTable() {
        return (Table) workbench.findAll("runs.table").get(0);
    }
}
