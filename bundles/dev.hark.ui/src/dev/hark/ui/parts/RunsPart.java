package dev.hark.ui.parts;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.eclipse.e4.core.di.annotations.Optional;
import org.eclipse.e4.ui.di.Focus;
import org.eclipse.e4.ui.di.UIEventTopic;
import org.eclipse.e4.ui.workbench.modeling.EPartService;
import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.GridLayoutFactory;
import org.eclipse.osgi.util.NLS;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.SashForm;
import org.eclipse.swt.layout.RowData;
import org.eclipse.swt.layout.RowLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.DirectoryDialog;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Menu;
import org.eclipse.swt.widgets.MenuItem;
import org.eclipse.swt.widgets.Scale;
import org.eclipse.swt.widgets.Text;
import org.eclipse.swt.widgets.TabFolder;
import org.eclipse.swt.widgets.TabItem;

import dev.hark.core.HarkTopics;
import dev.hark.core.runs.RunKey;
import dev.hark.core.runs.RunsSnapshot;
import dev.hark.core.runs.SourceRuns;
import dev.hark.core.services.EvaluationService;
import dev.hark.core.services.ModelService;
import dev.hark.core.services.RunsService;
import dev.hark.protocol.runs.RunInfo;
import dev.hark.ui.internal.BackgroundWork;
import dev.hark.ui.internal.CheckpointTable;
import dev.hark.ui.internal.EvaluateDialog;
import dev.hark.ui.internal.HParamsTable;
import dev.hark.ui.internal.Messages;
import dev.hark.ui.internal.RecordTable;
import dev.hark.ui.internal.RunDeletion;
import dev.hark.ui.internal.RunMetricColumns;
import dev.hark.ui.internal.RunRow;
import dev.hark.ui.internal.RunsChart;
import dev.hark.ui.internal.Widgets;
import jakarta.annotation.PostConstruct;
import jakarta.inject.Inject;

/**
 * Training runs of every followed source (TensorBoard log folders): a table of runs, the checked ones overlaid
 * in a chart of one tag with smoothing, x by step or time and a log scale. The runs service reads the sources on
 * its own thread and publishes snapshots; series are loaded in a Job, downsampled to about two points per pixel.
 * The first runs that appear are checked, as TensorBoard shows all runs at first. Under the runs, two tabs: the
 * hyperparameters of all runs side by side, and the checkpoints of the selected run ({@link CheckpointTable}, read in
 * a Job): one can be used for live transcription
 * (the Live view's model; the view comes to the front). "Delete run..." deletes the selected run where its source can
 * ({@link RunDeletion}: a Hark server's runs; not a TensorBoard folder's).
 * (A little over 400 lines: it wires the runs table, chart, hyperparameter and checkpoint tabs and their actions;
 * each of those lives in its own class.)
 */
public class RunsPart {

    static final int MAX_AUTO_CHECKED = 8;

    @Inject
    private RunsService runs;
    @Inject
    private ModelService models;
    @Inject
    private EPartService parts;

    @Inject
    private EvaluationService evaluations;

    /** How the runs service names the connected Hark server's source ({@code ServerRunSource#label}). */
    static final String SERVER_SOURCE = "Hark server: ";

    private RecordTable<RunRow> table;
    private HParamsTable hparams;
    private CheckpointTable checkpoints;
    private TabFolder details;
    private TabItem checkpointsTab;
    private Button delete;
    /** The row whose checkpoints are shown (as it was when they were read), or null. */
    private RunRow checkpointsOf;
    private RunsChart chart;
    private Combo tag;
    private Scale smoothing;
    private Label smoothingValue;
    private Combo xAxis;
    private Button log;
    private Label message;
    private RunsSnapshot shown = RunsSnapshot.EMPTY;
    private List<RunRow> currentRows = List.of();
    private RunMetricColumns metrics;
    private boolean autoChecked;
    private boolean loading;
    private boolean dirty;

    @PostConstruct
    public void createControls(Composite parent) {
        GridLayoutFactory.swtDefaults().numColumns(1).applyTo(parent);
        Composite bar = new Composite(parent, SWT.NONE);   // wraps onto more lines in a narrow view
        RowLayout wrap = new RowLayout(SWT.HORIZONTAL);
        wrap.wrap = true;
        wrap.center = true;
        wrap.marginLeft = wrap.marginRight = wrap.marginTop = wrap.marginBottom = 0;
        wrap.spacing = 6;
        bar.setLayout(wrap);
        GridDataFactory.fillDefaults().grab(true, false).hint(200, SWT.DEFAULT).applyTo(bar);
        ModelsPart.button(bar, Messages.Runs_addFolder, "runs.add", () -> addFolder(parent));
        ModelsPart.button(bar, Messages.Runs_removeFolder, "runs.remove", this::removeFolder);
        delete = ModelsPart.button(bar, Messages.Runs_deleteRun, "runs.delete", () -> deleteRun(parent));
        new Label(bar, SWT.NONE).setText(Messages.Runs_filter);
        Text filter = Widgets.tag(new Text(bar, SWT.SEARCH | SWT.ICON_SEARCH | SWT.ICON_CANCEL), "runs.filter");
        filter.setMessage(Messages.Runs_filterHint);
        filter.setLayoutData(new RowData(160, SWT.DEFAULT));
        filter.addListener(SWT.Modify, e -> table.setFilter(filter.getText()));
        new Label(bar, SWT.NONE).setText(Messages.Runs_tag);
        tag = Widgets.tag(new Combo(bar, SWT.READ_ONLY), "runs.tag");
        tag.setLayoutData(new RowData(160, SWT.DEFAULT));
        new Label(bar, SWT.NONE).setText(Messages.Runs_smoothing);
        smoothing = Widgets.tag(new Scale(bar, SWT.HORIZONTAL), "runs.smoothing");
        smoothing.setMinimum(0);
        smoothing.setMaximum(99);
        smoothing.setSelection(60);
        smoothing.setLayoutData(new RowData(120, SWT.DEFAULT));
        smoothingValue = new Label(bar, SWT.NONE);
        smoothingValue.setText("0.60");
        new Label(bar, SWT.NONE).setText(Messages.Runs_x);
        xAxis = Widgets.tag(new Combo(bar, SWT.READ_ONLY), "runs.x");
        xAxis.setItems(Messages.Runs_axisStep, Messages.Runs_axisRelative, Messages.Runs_axisWall);
        xAxis.select(0);
        log = Widgets.tag(new Button(bar, SWT.CHECK), "runs.log");
        log.setText(Messages.Runs_logScale);

        SashForm sash = new SashForm(parent, SWT.VERTICAL);
        GridDataFactory.fillDefaults().grab(true, true).applyTo(sash);
        Composite left = new Composite(sash, SWT.NONE);
        GridLayoutFactory.fillDefaults().applyTo(left);
        metrics = new RunMetricColumns(runs, this::say);
        table = new RecordTable<>(left, "runs.table", RunRow.class, RunRow::id, metrics.columns());
        metrics.attach(table);
        // the hyperparameters of all runs and the checkpoints of the selected run, each the view's whole width
        details = Widgets.tag(new TabFolder(sash, SWT.TOP), "runs.details");
        Composite middle = new Composite(details, SWT.NONE);
        GridLayoutFactory.swtDefaults().applyTo(middle);
        Label hparamsTitle = new Label(middle, SWT.NONE);
        hparamsTitle.setText(Messages.Runs_hparams);
        hparams = new HParamsTable(middle);
        TabItem hparamsTab = new TabItem(details, SWT.NONE);
        hparamsTab.setText(Messages.Runs_hparamsTab);
        hparamsTab.setControl(middle);
        Composite checkpointBox = new Composite(details, SWT.NONE);
        GridLayoutFactory.swtDefaults().applyTo(checkpointBox);
        checkpoints = new CheckpointTable(checkpointBox);
        checkpoints.addAction(Messages.Runs_useForLive, "runs.checkpoints.use", this::useForLive);
        checkpoints.addAction(Messages.Runs_evaluate, "runs.evaluate", c -> evaluate(parent, c));
        checkpointsTab = new TabItem(details, SWT.NONE);
        checkpointsTab.setText(Messages.Runs_checkpointsTab);
        checkpointsTab.setControl(checkpointBox);
        Composite right = new Composite(sash, SWT.NONE);
        GridLayoutFactory.fillDefaults().applyTo(right);
        chart = new RunsChart(right, "runs.chart");
        sash.setWeights(3, 4, 5);
        message = Widgets.tag(new Label(parent, SWT.WRAP), "runs.message");
        GridDataFactory.fillDefaults().grab(true, false).applyTo(message);

        table.onCheck(this::reload);
        table.onSelection(this::selected);
        Menu runMenu = new Menu(table.table());
        MenuItem deleteItem = new MenuItem(runMenu, SWT.PUSH);
        deleteItem.setText(Messages.Runs_deleteRun);
        deleteItem.addListener(SWT.Selection, e -> deleteRun(parent));
        runMenu.addListener(SWT.Show, e -> deleteItem.setEnabled(table.selected() != null && runs.canDelete(table.selected().key())));
        table.table().setMenu(runMenu);
        table.table().addListener(SWT.KeyDown, e -> {
            if (e.keyCode == SWT.DEL) {
                deleteRun(parent);
            }
        });
        tag.addListener(SWT.Selection, e -> {
            metrics.show(currentRows, tag.getText());
            reload();
        });
        xAxis.addListener(SWT.Selection, e -> reload());
        log.addListener(SWT.Selection, e -> reload());
        smoothing.addListener(SWT.Selection, e -> {
            smoothingValue.setText(String.format("%.2f", smoothing.getSelection() / 100.0));
            reload();
        });
        show(runs.snapshot());
    }

    private void addFolder(Composite parent) {
        DirectoryDialog d = new DirectoryDialog(parent.getShell());
        d.setText(Messages.Runs_addFolder);
        d.setMessage(Messages.Runs_addFolderMessage);
        String folder = d.open();
        if (folder != null) {
            runs.addTensorBoardFolder(Path.of(folder));
            say(NLS.bind(Messages.Runs_reading, folder));
        }
    }

    /** Stops following the folder of the selected run (or the only folder). */
    private void removeFolder() {
        RunRow row = table.selected();
        List<Path> folders = runs.tensorBoardFolders();
        Path folder = null;
        if (row != null) {
            folder = folders.stream().filter(p -> row.key().source().endsWith(p.toString())).findFirst().orElse(null);
            if (folder == null) {
                say(Messages.Runs_serverRunNotAFolder); // a run of the connected server: not a followed folder
                return;
            }
        } else if (folders.size() == 1) {
            folder = folders.get(0);
        }
        if (folder != null) {
            runs.removeTensorBoardFolder(folder);
        } else {
            say(Messages.Runs_selectToRemove);
        }
    }

    /**
     * Opens the Evaluate dialog for the selected checkpoint of a run of the connected Hark server; when the
     * evaluation ends ({@link #onEvaluation}), the checkpoints are read again, so the table shows its WER and CER.
     */
    private void evaluate(Composite parent, CheckpointTable.Selected selected) {
        if (!selected.run().source().startsWith(SERVER_SOURCE)) {
            checkpoints.say(Messages.Runs_evaluateSelectServerRun, false);
            return;
        }
        RunRow row = table.selected();
        String dataset = row != null && row.key().equals(selected.run()) ? row.info().hparams().get("dataset") : null;
        EvaluateDialog.open(parent.getShell(), evaluations, selected.run().runId(), selected.checkpoint().name(), dataset);
    }

    @Inject
    @Optional
    void onEvaluation(@UIEventTopic(HarkTopics.EVALUATION_UPDATE) dev.hark.protocol.training.EvaluationUpdate update) {
        RunRow shownRun = checkpointsOf;
        if (update != null && !"running".equals(update.status()) && shownRun != null && checkpoints != null
                && !checkpoints.table().isDisposed() && shownRun.key().source().startsWith(SERVER_SOURCE)
                && shownRun.key().runId().equals(update.runId())) {
            loadCheckpoints(shownRun, false);
        }
    }

    @Inject
    @Optional
    void onRuns(@UIEventTopic(HarkTopics.RUNS_CHANGED) RunsSnapshot snapshot) {
        if (table != null && !table.table().isDisposed()) {
            show(snapshot);
        }
    }

    private void show(RunsSnapshot snapshot) {
        List<RunRow> rows = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        Set<String> tags = new LinkedHashSet<>();
        for (SourceRuns s : snapshot.sources()) {
            for (RunInfo r : s.runs()) {
                rows.add(new RunRow(new RunKey(s.source(), r.id()), r));
                tags.addAll(r.tags());
            }
            if (!s.error().isEmpty()) {
                errors.add(s.source() + ": " + s.error());
            }
        }
        table.setRows(rows);
        hparams.setRows(rows.stream().map(r -> new HParamsTable.Row(r.info().name(), r.info().hparams())).toList());
        if (!autoChecked && !rows.isEmpty()) {
            autoChecked = true;
            rows.stream().limit(MAX_AUTO_CHECKED).forEach(r -> table.setChecked(r.id(), true));
        }
        String current = tag.getText();
        if (!List.of(tag.getItems()).equals(List.copyOf(tags))) {
            tag.setItems(tags.toArray(String[]::new));
            int keep = List.copyOf(tags).indexOf(current.isEmpty() ? "loss" : current);
            tag.select(Math.max(keep, 0));
        }
        shown = snapshot;
        currentRows = rows;
        metrics.show(rows, tag.getText());
        say(errors.isEmpty() ? status(snapshot) : String.join("\n", errors));
        followCheckpoints(rows);
        reload();
    }

    /** A run was selected: its checkpoints (again when it changed since they were read). Null (no selection) keeps them. */
    private void selected(RunRow row) {
        delete.setEnabled(row == null || runs.canDelete(row.key()));
        if (row != null && !row.equals(checkpointsOf)) {
            loadCheckpoints(row, !row.key().equals(checkpointsOf == null ? null : checkpointsOf.key()));
        }
    }

    /** New runs: the run whose checkpoints are shown is read again when it changed (a new epoch), cleared when gone. */
    private void followCheckpoints(List<RunRow> rows) {
        if (checkpointsOf == null) {
            return;
        }
        RunRow now = rows.stream().filter(r -> r.key().equals(checkpointsOf.key())).findFirst().orElse(null);
        if (now == null) {
            checkpointsOf = null;
            checkpoints.clear();
        } else if (!now.equals(checkpointsOf)) {
            loadCheckpoints(now, false);
        }
    }

    private void loadCheckpoints(RunRow row, boolean anotherRun) {
        checkpointsOf = row;
        if (anotherRun) {
            checkpoints.loading(row.key(), row.info().name());
        }
        BackgroundWork.run("Hark: read the checkpoints of a run", checkpoints.table(), monitor -> runs.checkpoints(row.key()), list -> {
            if (row.equals(checkpointsOf)) { // not a run selected since
                checkpoints.show(row.key(), row.info().name(), list);
            }
        }, error -> {
            if (row.equals(checkpointsOf)) {
                checkpoints.say(NLS.bind(Messages.Runs_checkpointsFailed, row.info().name(), error), true);
            }
        });
    }

    /** The Live view uses the checkpoint (the model service keeps the choice) and comes to the front. */
    private void useForLive(CheckpointTable.Selected s) {
        models.useForLive(s.checkpoint().name());
        checkpoints.say(NLS.bind(Messages.Runs_usedForLive, s.checkpoint().name()), false);
        parts.showPart(ModelsPart.LIVE_PART, EPartService.PartState.ACTIVATE);
    }

    private void deleteRun(Composite parent) {
        RunRow row = table.selected();
        if (row == null) {
            details.setSelection(checkpointsTab);
            checkpoints.say(Messages.Runs_selectToDelete, false);
            return;
        }
        details.setSelection(checkpointsTab); // what goes, and then how it went, is told there
        RunDeletion.start(runs, parent.getShell(), checkpoints.table(), row, checkpoints::say, gone -> {
            String live = models.liveModel().orElse("");
            if (!live.isBlank() && gone.contains(live)) { // the Live view would ask for a model that is no more
                models.useForLive(null);
                return "; " + NLS.bind(Messages.Runs_liveModelReset, live);
            }
            return "";
        });
    }

    /** The checkpoint table, for more actions on a checkpoint (evaluation). */
    public CheckpointTable checkpoints() {
        return checkpoints;
    }

    private static String status(RunsSnapshot s) {
        if (s.sources().isEmpty()) {
            return Messages.Runs_noFolders;
        }
        return NLS.bind(Messages.Runs_count, s.runCount(), s.sources().size());
    }

    private List<RunRow> checkedRows() {
        List<String> ids = table.checkedNames();
        List<RunRow> out = new ArrayList<>();
        for (Object o : table.viewer().getCheckedElements()) {
            RunRow r = (RunRow) o;
            if (ids.contains(r.id()) && r.info().tags().contains(tag.getText())) {
                out.add(r);
            }
        }
        return out;
    }

    /** Loads the checked runs' series of the chosen tag off the UI thread; a request during a load is done after it. */
    private void reload() {
        if (loading) {
            dirty = true;
            return;
        }
        List<RunRow> chosen = checkedRows();
        String t = tag.getText();
        int maxPoints = Math.max(500, chart.chart().getSize().x * 2);
        double weight = smoothing.getSelection() / 100.0;
        RunsChart.XAxis x = RunsChart.XAxis.values()[Math.max(0, xAxis.getSelectionIndex())];
        boolean logY = log.getSelection();
        loading = true;
        BackgroundWork.run("Hark: load training runs", chart.chart(), monitor -> {
            List<RunsChart.Curve> curves = new ArrayList<>();
            for (RunRow r : chosen) {
                curves.add(new RunsChart.Curve(r.info().name(), runs.series(r.key(), t, maxPoints)));
            }
            return curves;
        }, curves -> {
            loading = false;
            chart.show(t, curves, weight, x, logY);
            if (!chart.notes().isEmpty()) {
                say(status(shown) + " \u2014 " + chart.notes());
            }
            if (dirty) {
                dirty = false;
                reload();
            }
        }, error -> {
            loading = false;
            say(error);
        });
    }

    private void say(String text) {
        if (!message.getText().equals(text)) {
            message.setText(text);
            message.getParent().layout(new org.eclipse.swt.widgets.Control[] { message });
        }
    }

    @Focus
    void focus() {
        table.table().setFocus();
    }
}
