package dev.hark.app.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import org.eclipse.osgi.util.NLS;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableItem;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

import dev.hark.core.services.ModelService;
import dev.hark.testing.RunningServer;
import dev.hark.ui.internal.Messages;

/**
 * Issue 12, the Runs view's checkpoints (through the real widgets, against the real server that trained the run): the
 * checkpoint table of a selected run with the numbers the server measured, "use for live transcription" by Enter and by
 * its button (the Live view's model), "Delete run..." refused for a run still training (409, shown as an error) and
 * done through its dialog for a finished run (its folders gone on the server). TensorBoard runs: no checkpoints, no
 * delete.
 */
final class RunCheckpointsChecks {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private final RunningWorkbench workbench;
    private final RunningServer server;
    private final Path data;

    /** {@code data}: the server's data folder (its runs/ and checkpoints/). */
    RunCheckpointsChecks(RunningWorkbench workbench, RunningServer server, Path data) {
        this.workbench = workbench;
        this.server = server;
        this.data = data;
    }

    /** A finished run of the server, listed in the Runs view (shown). */
    void checkpointsOfAServerRun(String runId) throws Exception {
        JsonObject run = RunningServer.json(server.get("/v2/runs/" + runId).body());
        JsonArray raw = run.getAsJsonArray("checkpoints");
        assertTrue(raw.size() >= 2, "the run saved checkpoints: " + run);
        select("runs.table", runId);
        showCheckpointsTab();
        workbench.waitUntil(TIMEOUT, () -> call(() -> workbench.sync(() -> checkpointTable().getItemCount() == raw.size())),
                "the checkpoint table to list the run's " + raw.size() + " checkpoints");
        assertEquals(NLS.bind(Messages.Runs_checkpointsCount, raw.size(), runId), workbench.sync(() -> label("runs.checkpoints.message").getText()),
                "which run's checkpoints these are");
        for (int i = 0; i < raw.size(); i++) {
            JsonObject c = raw.get(i).getAsJsonObject();
            String name = c.get("name").getAsString();
            List<String> cells = workbench.sync(() -> cells(row(checkpointTable(), name)));
            assertEquals(List.of(name, c.get("epoch").getAsString(), c.get("global_step").getAsString(), f(c, "val_loss"), f(c, "cer"),
                    f(c, "wer"), "", ""), cells.subList(0, 8), "the server's numbers of " + name + ": " + c);
            assertTrue(c.get("val_loss").getAsDouble() > 0, "a real validation loss: " + c);
            assertTrue(cells.get(8).matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d"), "saved at, local time: " + cells);
        }
        // sorted by validation loss (a click on its header): best first
        workbench.sync(() -> {
            checkpointTable().getColumn(3).notifyListeners(SWT.Selection, new Event());
            return null;
        });
        List<Double> losses = workbench.sync(() -> Arrays.stream(checkpointTable().getItems()).map(t -> Double.parseDouble(t.getText(3))).toList());
        List<Double> sorted = new ArrayList<>(losses);
        sorted.sort(null);
        assertEquals(sorted, losses, "sorted by validation loss");
        workbench.screenshot("view-runs-checkpoints");

        // the best checkpoint for live transcription, by the keyboard: Enter in the table
        String best = workbench.sync(() -> checkpointTable().getItem(0).getText(0));
        workbench.sync(() -> {
            checkpointTable().setSelection(0);
            checkpointTable().notifyListeners(SWT.Selection, event(checkpointTable().getItem(0)));
            return null;
        });
        assertTrue(workbench.sync(() -> button("runs.checkpoints.use").isEnabled()), "the action is offered for a selected checkpoint");
        workbench.sync(() -> { // the run's "finished" popup would take the keyboard (no window manager here)
            workbench.findInAnyShell("alert.message").forEach(c -> c.getShell().close());
            return null;
        });
        workbench.typeKey(workbench.sync(() -> checkpointTable()), SWT.CR, '\r');
        workbench.waitUntil(TIMEOUT, () -> call(() -> workbench.sync(() -> Views.LIVE.equals(workbench.activePartId())
                && liveModel().getText().equals(best))), "the Live view in front, with " + best + " as its model");
        assertEquals(java.util.Optional.of(best), Views.service(ModelService.class).liveModel(), "the model service keeps the choice");
        workbench.screenshot("view-live-checkpoint");

        // and by its button, another checkpoint
        workbench.showPart(Views.RUNS);
        showCheckpointsTab();
        String other = workbench.sync(() -> checkpointTable().getItem(1).getText(0));
        workbench.sync(() -> {
            checkpointTable().setSelection(1);
            checkpointTable().notifyListeners(SWT.Selection, event(checkpointTable().getItem(1)));
            button("runs.checkpoints.use").notifyListeners(SWT.Selection, new Event());
            return null;
        });
        workbench.waitUntil(TIMEOUT, () -> call(() -> workbench.sync(() -> Views.LIVE.equals(workbench.activePartId())
                && liveModel().getText().equals(other))), "the Live view with " + other);
        assertEquals(java.util.Optional.of(other), Views.service(ModelService.class).liveModel());
        workbench.showPart(Views.RUNS);
    }

    /**
     * "Delete run..." on a run still training: the server refuses (409) and the user is told so, in an error dialog and
     * under the checkpoint table; the run stays. {@code dataset}: one the server has.
     */
    void deletingARunInProgressIsRefused(String dataset) throws Exception {
        JsonObject train = new JsonObject();
        train.addProperty("model_name", "ctc");
        train.addProperty("dataset_name", dataset);
        train.addProperty("epochs", 500); // long enough to be refused; stopped below
        train.addProperty("batch_size", 4);
        var started = post("/api/train/start", train);
        assertEquals(200, started.statusCode(), started.body());
        String runId = RunningServer.json(started.body()).get("run_id").getAsString();
        try {
            workbench.waitUntil(TIMEOUT, () -> call(() -> workbench.sync(() -> row(runsTable(), runId) != null)),
                    "the running run in the Runs view");
            select("runs.table", runId);
            assertTrue(workbench.sync(() -> button("runs.delete").isEnabled()), "a server's run can be deleted");
            clickLater("runs.delete");
            Shell ask = awaitShell(Messages.Runs_deleteTitle);
            assertTrue(dialogText(ask).contains(runId), dialogText(ask));
            press(ask, Messages.Runs_deleteButton);
            Shell error = awaitShell(Messages.Common_error);
            String said = dialogText(error);
            assertEquals(NLS.bind(Messages.Runs_deleteInProgress, runId, "run " + runId + " is in progress: stop it first"), said,
                    "the user is told the run is still training, with the server's reason");
            workbench.screenshot(error, "runs-delete-refused");
            press(error, Messages.Common_ok);
            Label line = workbench.sync(() -> label("runs.checkpoints.message"));
            assertEquals(said, workbench.sync(line::getText), "the refusal stays under the checkpoint table");
            assertTrue(workbench.sync(() -> line.getForeground().equals(line.getDisplay().getSystemColor(SWT.COLOR_RED))), "in red");
            Thread.sleep(2500); // a new read of the runs (the run goes on training) leaves the refusal in place
            assertEquals(said, workbench.sync(line::getText));
            assertEquals(200, server.get("/v2/runs/" + runId).statusCode(), "the run is still there");
            assertTrue(Files.isDirectory(data.resolve("runs").resolve(runId)), "its folder is still there");
        } finally {
            post("/api/train/stop", new JsonObject());
            workbench.waitUntil(Duration.ofMinutes(2), () -> call(() -> server.get("/api/status").body().contains("\"is_training\":false")),
                    "the long run to stop");
            server.send(java.net.http.HttpRequest.newBuilder(server.http("/v2/runs/" + runId)).DELETE());
        }
    }

    /** "Delete run..." on a finished run: the dialog says what goes; after it the run and its folders are gone. */
    void deletingAFinishedRunThroughTheDialog(String runId) throws Exception {
        JsonObject run = RunningServer.json(server.get("/v2/runs/" + runId).body());
        JsonArray raw = run.getAsJsonArray("checkpoints");
        List<String> names = new ArrayList<>(), folders = new ArrayList<>();
        raw.forEach(c -> {
            names.add(c.getAsJsonObject().get("name").getAsString());
            folders.add(c.getAsJsonObject().get("folder").getAsString());
        });
        folders.forEach(f -> assertTrue(Files.isDirectory(data.resolve("checkpoints").resolve(f)), f + " before"));
        assertTrue(Files.isDirectory(data.resolve("runs").resolve(runId)));
        workbench.waitUntil(TIMEOUT, () -> call(() -> workbench.sync(() -> row(runsTable(), runId) != null)), "the run listed");
        select("runs.table", runId);
        clickLater("runs.delete");
        Shell ask = awaitShell(Messages.Runs_deleteTitle);
        String question = dialogText(ask);
        assertTrue(question.contains(runId), question);
        assertTrue(question.contains(NLS.bind(Messages.Runs_deleteCheckpoints, names.size(), String.join(", ", names))),
                "every checkpoint by name: " + question);
        List<String> tags = new ArrayList<>();
        run.getAsJsonArray("tags").forEach(t -> tags.add(t.getAsString()));
        assertTrue(question.contains(NLS.bind(Messages.Runs_deleteHistory, run.get("points").getAsLong(), String.join(", ", tags))),
                "its metric history: " + question);
        workbench.screenshot(ask, "runs-delete-dialog");
        String live = Views.service(ModelService.class).liveModel().orElse("");
        assertTrue(names.contains(live), "the Live view still uses a checkpoint of the run: " + live);
        press(ask, Messages.Runs_deleteButton);
        workbench.waitUntil(TIMEOUT, () -> call(() -> workbench.sync(() -> row(runsTable(), runId) == null)),
                "the deleted run to leave the list");
        assertEquals(NLS.bind(Messages.Runs_deleted, runId, names.size()) + "; " + NLS.bind(Messages.Runs_liveModelReset, live),
                workbench.sync(() -> label("runs.checkpoints.message").getText()),
                "what was done stays under the (now empty) checkpoint table, the Live view's model among it");
        assertEquals(java.util.Optional.empty(), Views.service(ModelService.class).liveModel(),
                "the Live view goes back to the server's default: its checkpoint is gone");
        workbench.waitUntil(TIMEOUT, () -> call(() -> workbench.sync(() -> liveModel().getText().equals(liveModel().getItem(0)))),
                "the Live view's model list back on the server's default");
        assertEquals(0, workbench.sync(() -> checkpointTable().getItemCount()));
        assertEquals(404, server.get("/v2/runs/" + runId).statusCode(), "gone on the server");
        assertFalse(Files.exists(data.resolve("runs").resolve(runId)), "its history folder is gone");
        folders.forEach(f -> assertFalse(Files.exists(data.resolve("checkpoints").resolve(f)), f + " is gone"));
        workbench.screenshot("view-runs-deleted");
    }

    /** A TensorBoard run (listed, named {@code run}): no checkpoints, said so; "Delete run..." not offered, and says why. */
    void aTensorBoardRunHasNoCheckpointsAndIsNotDeleted(String run) throws Exception {
        select("runs.table", run);
        showCheckpointsTab();
        workbench.waitUntil(TIMEOUT, () -> call(() -> workbench.sync(() -> label("runs.checkpoints.message").getText()
                .equals(NLS.bind(Messages.Runs_noCheckpoints, run)))), "the checkpoint table to say " + run + " has none");
        assertEquals(0, workbench.sync(() -> checkpointTable().getItemCount()));
        assertFalse(workbench.sync(() -> button("runs.delete").isEnabled()), "no Delete run for a folder's run");
        workbench.sync(() -> { // the Delete key on the run: told why not
            Event e = new Event();
            e.keyCode = SWT.DEL;
            runsTable().notifyListeners(SWT.KeyDown, e);
            return null;
        });
        String source = workbench.sync(() -> row(runsTable(), run).getText(5));
        assertTrue(source.startsWith("TensorBoard: "), source);
        assertEquals(NLS.bind(Messages.Runs_cannotDelete, run, source), workbench.sync(() -> label("runs.checkpoints.message").getText()));
        workbench.screenshot("view-runs-tensorboard-checkpoints");
        workbench.sync(() -> {
            ((org.eclipse.swt.widgets.TabFolder) only("runs.details")).setSelection(0); // back to the hyperparameters
            return null;
        });
    }

    /** The Checkpoints tab under the runs, as a click on it does. */
    private void showCheckpointsTab() throws Exception {
        workbench.sync(() -> {
            var tabs = (org.eclipse.swt.widgets.TabFolder) only("runs.details");
            tabs.setSelection(1);
            assertEquals(Messages.Runs_checkpointsTab, tabs.getItem(1).getText());
            return null;
        });
    }

    private static String f(JsonObject c, String key) {
        return String.format(Locale.ROOT, "%.4f", c.get(key).getAsDouble());
    }

    private java.net.http.HttpResponse<String> post(String path, JsonObject body) throws Exception {
        return server.send(java.net.http.HttpRequest.newBuilder(server.http(path)).header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body.toString())));
    }

    /** Selects the row named {@code name} as a click does (the viewer hears of it). */
    private void select(String tableId, String name) throws Exception {
        workbench.waitUntil(TIMEOUT, () -> call(() -> workbench.sync(() -> row((Table) only(tableId), name) != null)), name + " listed");
        workbench.sync(() -> {
            Table table = (Table) only(tableId);
            TableItem item = row(table, name);
            table.setSelection(item);
            table.notifyListeners(SWT.Selection, event(item));
            return null;
        });
    }

    private static Event event(TableItem item) {
        Event e = new Event();
        e.item = item;
        return e;
    }

    /** Clicks a button later: what it opens is modal (it would block a sync). */
    private void clickLater(String id) {
        workbench.async(() -> button(id).notifyListeners(SWT.Selection, new Event()));
    }

    private Shell awaitShell(String title) throws Exception {
        workbench.waitUntil(TIMEOUT, () -> workbench.shellTitled(title) != null, "a window titled \"" + title + "\"");
        Shell shell = workbench.shellTitled(title);
        assertNotNull(shell);
        return shell;
    }

    /** The message of a dialog: its longest label. */
    private String dialogText(Shell shell) throws Exception {
        return workbench.sync(() -> workbench.allControls(shell).stream().filter(c -> c instanceof Label).map(c -> ((Label) c).getText())
                .max(java.util.Comparator.comparingInt(String::length)).orElse(""));
    }

    /** Presses the dialog's button labelled {@code text}; the dialog closes (later: it may open another). */
    private void press(Shell shell, String text) throws Exception {
        Button b = workbench.sync(() -> (Button) workbench.allControls(shell).stream()
                .filter(c -> c instanceof Button bt && bt.getText().equals(text)).findFirst()
                .orElseThrow(() -> new AssertionError("no button " + text + " in " + shell.getText())));
        workbench.async(() -> b.notifyListeners(SWT.Selection, new Event()));
        workbench.waitUntil(TIMEOUT, () -> call(() -> workbench.sync(shell::isDisposed)), "the dialog to close");
    }

    private TableItem row(Table table, String name) {
        return Arrays.stream(table.getItems()).filter(i -> i.getText(0).equals(name)).findFirst().orElse(null);
    }

    private static List<String> cells(TableItem item) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < item.getParent().getColumnCount(); i++) {
            out.add(item.getText(i));
        }
        return out;
    }

    private Table runsTable() {
        return (Table) only("runs.table");
    }

    private Table checkpointTable() {
        return (Table) only("runs.checkpoints");
    }

    private Label label(String id) {
        return (Label) only(id);
    }

    private Button button(String id) {
        return (Button) only(id);
    }

    private Combo liveModel() {
        return (Combo) only("live.model");
    }

    private Control only(String id) {
        List<Control> found = workbench.findAll(id);
        if (found.size() != 1) {
            throw new AssertionError("widgets tagged " + id + ": " + found);
        }
        return found.get(0);
    }

    private static boolean call(Callable<Boolean> c) {
        try {
            return c.call();
        } catch (Exception e) {
            return false;
        }
    }
}
