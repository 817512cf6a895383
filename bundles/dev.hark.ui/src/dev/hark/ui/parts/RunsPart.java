package dev.hark.ui.parts;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.eclipse.e4.core.di.annotations.Optional;
import org.eclipse.e4.ui.di.Focus;
import org.eclipse.e4.ui.di.UIEventTopic;
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
import org.eclipse.swt.widgets.Scale;

import dev.hark.core.HarkTopics;
import dev.hark.core.runs.RunKey;
import dev.hark.core.runs.RunsSnapshot;
import dev.hark.core.runs.SourceRuns;
import dev.hark.core.services.EvaluationService;
import dev.hark.core.services.RunsService;
import dev.hark.protocol.runs.RunInfo;
import dev.hark.ui.internal.BackgroundWork;
import dev.hark.ui.internal.EvaluateDialog;
import dev.hark.ui.internal.HParamsTable;
import dev.hark.ui.internal.Messages;
import dev.hark.ui.internal.RecordTable;
import dev.hark.ui.internal.RunRow;
import dev.hark.ui.internal.RunsChart;
import dev.hark.ui.internal.Widgets;
import jakarta.annotation.PostConstruct;
import jakarta.inject.Inject;

/**
 * Training runs of every followed source (TensorBoard log folders): a table of runs, the checked ones overlaid
 * in a chart of one tag with smoothing, x by step or time and a log scale. The runs service reads the sources on
 * its own thread and publishes snapshots; series are loaded in a Job, downsampled to about two points per pixel.
 * The first runs that appear are checked, as TensorBoard shows all runs at first.
 */
public class RunsPart {

    static final int MAX_AUTO_CHECKED = 8;

    @Inject
    private RunsService runs;

    @Inject
    private EvaluationService evaluations;

    /** How the runs service names the connected Hark server's source ({@code ServerRunSource#label}). */
    static final String SERVER_SOURCE = "Hark server: ";

    private RecordTable<RunRow> table;
    private HParamsTable hparams;
    private RunsChart chart;
    private Combo tag;
    private Scale smoothing;
    private Label smoothingValue;
    private Combo xAxis;
    private Button log;
    private Label message;
    private RunsSnapshot shown = RunsSnapshot.EMPTY;
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
        // for now: the selected server run's newest checkpoint (the checkpoint table will offer it per checkpoint)
        ModelsPart.button(bar, Messages.Runs_evaluate, "runs.evaluate", () -> evaluateNewest(parent));
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
        table = new RecordTable<>(left, "runs.table", RunRow.class, RunRow::id, RunRow.columns());
        Composite middle = new Composite(sash, SWT.NONE);
        GridLayoutFactory.fillDefaults().applyTo(middle);
        Label hparamsTitle = new Label(middle, SWT.NONE);
        hparamsTitle.setText(Messages.Runs_hparams);
        hparams = new HParamsTable(middle);
        Composite right = new Composite(sash, SWT.NONE);
        GridLayoutFactory.fillDefaults().applyTo(right);
        chart = new RunsChart(right, "runs.chart");
        sash.setWeights(3, 2, 6);
        message = Widgets.tag(new Label(parent, SWT.WRAP), "runs.message");
        GridDataFactory.fillDefaults().grab(true, false).applyTo(message);

        table.onCheck(this::reload);
        tag.addListener(SWT.Selection, e -> reload());
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

    /** Opens the Evaluate dialog for the newest checkpoint of the selected run of the connected server. */
    private void evaluateNewest(Composite parent) {
        RunRow row = table.selected();
        if (row == null || !row.key().source().startsWith(SERVER_SOURCE)) {
            say(Messages.Runs_evaluateSelectServerRun);
            return;
        }
        String runId = row.key().runId();
        BackgroundWork.run("Hark: checkpoints of run " + runId, table.table(), monitor -> evaluations.checkpoints(runId), list -> {
            if (list.isEmpty()) {
                say(NLS.bind(Messages.Runs_evaluateNoCheckpoint, runId));
            } else {
                EvaluateDialog.open(parent.getShell(), evaluations, runId, list.get(list.size() - 1).name(), row.info().hparams().get("dataset"));
            }
        }, this::say);
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
        say(errors.isEmpty() ? status(snapshot) : String.join("\n", errors));
        reload();
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
