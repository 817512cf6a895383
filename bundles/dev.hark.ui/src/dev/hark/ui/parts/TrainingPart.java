package dev.hark.ui.parts;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

import org.eclipse.e4.core.di.annotations.Optional;
import org.eclipse.e4.core.di.extensions.EventTopic;
import org.eclipse.e4.ui.di.Focus;
import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.GridLayoutFactory;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.ProgressBar;
import org.eclipse.swt.widgets.Spinner;
import org.eclipse.swt.widgets.Text;
import org.eclipse.swtchart.Chart;
import org.eclipse.swtchart.ILineSeries;
import org.eclipse.swtchart.ISeries;

import dev.hark.core.HarkTopics;
import dev.hark.core.services.DatasetService;
import dev.hark.core.services.ModelService;
import dev.hark.core.services.TrainingHistory;
import dev.hark.core.services.TrainingService;
import dev.hark.protocol.rest.DatasetInfo;
import dev.hark.protocol.rest.ModelEntry;
import dev.hark.protocol.rest.TrainRequest;
import dev.hark.protocol.training.TrainingProgress;
import dev.hark.ui.internal.BackgroundWork;
import dev.hark.ui.internal.Messages;
import dev.hark.ui.internal.ModelChoices;
import dev.hark.ui.internal.Refreshes;
import dev.hark.ui.internal.TrainingText;
import dev.hark.ui.internal.UiThrottle;
import dev.hark.ui.internal.Widgets;
import jakarta.annotation.PostConstruct;
import jakarta.inject.Inject;

/**
 * Training control and monitoring: start, resume and stop runs with v1's parameters; follow progress,
 * loss, validation loss, learning rate and CER as live charts, the log tail and errors with their stack
 * trace. Everything shown arrives on {@code hark/training/*} (the workbench's training monitor follows
 * the server); the part keeps only what it draws.
 */
public class TrainingPart {

    @Inject
    private TrainingService training;
    @Inject
    private DatasetService datasets;
    @Inject
    private ModelService models;
    @Inject
    private dev.hark.core.services.ServerApi server;

    private TrainingHistory history;

    private Combo dataset;
    /** The server's trainable models (read-only: the server says what it trains). */
    private Combo modelName;
    private Spinner epochs;
    private Spinner batch;
    private Spinner limit;
    private Button resumeCheck;
    private Combo checkpoint;
    private ProgressBar progress;
    private Label progressText;
    private Chart lossChart;
    private Chart valChart;
    private Chart lrChart;
    private Chart cerChart;
    private org.eclipse.swt.widgets.List log;
    private Text error;
    private UiThrottle throttle;

    // what the part says itself (command replies); the run's history lives in TrainingHistory
    private final ArrayDeque<String> ownLines = new ArrayDeque<>();
    private volatile String commandError = "";
    /** Why the lists could not be loaded, shown as the error until a later load succeeds. */
    private String choicesError = "";
    private volatile long chartUpdates;

    @PostConstruct
    public void createControls(Composite part) {
        // the form (and the log) scroll; the charts below never do: scrolled partly out of sight, a chart paints over the
        // neighbouring views on GTK
        Widgets.FormAndPane split = Widgets.formAbovePane(part, 0.6);
        Composite parent = split.form();
        history = training.history();
        GridLayoutFactory.swtDefaults().numColumns(4).applyTo(parent);
        Widgets.narrowColumns(parent, 4, 2); // one label and field a line when the view is narrow
        new Label(parent, SWT.NONE).setText(Messages.Training_dataset);
        dataset = Widgets.tag(new Combo(parent, SWT.DROP_DOWN), "training.dataset");
        Widgets.field(100).applyTo(dataset);
        new Label(parent, SWT.NONE).setText(Messages.Training_model);
        modelName = Widgets.tag(new Combo(parent, SWT.READ_ONLY), "training.model");
        Widgets.field(100).applyTo(modelName);
        new Label(parent, SWT.NONE).setText(Messages.Training_epochs);
        epochs = spinner(parent, "training.epochs", 1, 1000, 10);
        new Label(parent, SWT.NONE).setText(Messages.Training_batch);
        batch = spinner(parent, "training.batch", 1, 512, 16);
        new Label(parent, SWT.NONE).setText(Messages.Training_limit);
        limit = spinner(parent, "training.limit", 0, 10_000_000, 0);
        resumeCheck = Widgets.tag(new Button(parent, SWT.CHECK), "training.resumeFrom");
        resumeCheck.setText(Messages.Training_resumeFrom);
        checkpoint = Widgets.tag(new Combo(parent, SWT.DROP_DOWN), "training.checkpoint");
        checkpoint.add(Messages.Training_latest);
        checkpoint.select(0);
        Widgets.field(100).applyTo(checkpoint);

        Composite buttons = Widgets.buttonBar(parent, 4);
        Button start = Widgets.tag(new Button(buttons, SWT.PUSH), "training.new");
        start.setText(Messages.Training_new);
        start.addListener(SWT.Selection, e -> command("start"));
        Button resume = Widgets.tag(new Button(buttons, SWT.PUSH), "training.resume");
        resume.setText(Messages.Training_resume);
        resume.addListener(SWT.Selection, e -> command("resume"));
        Button stop = Widgets.tag(new Button(buttons, SWT.PUSH), "training.stop");
        stop.setText(Messages.Training_stop);
        stop.addListener(SWT.Selection, e -> command("stop"));

        progress = Widgets.tag(new ProgressBar(parent, SWT.HORIZONTAL), "training.progress");
        GridDataFactory.fillDefaults().span(4, 1).grab(true, false).applyTo(progress);
        progressText = Widgets.wrappingLabel(parent, "training.progressText", 4);
        progressText.setText(Messages.Training_idle);

        Composite charts = new Composite(split.pane(), SWT.NONE);
        GridLayoutFactory.fillDefaults().numColumns(2).equalWidth(true).applyTo(charts);
        GridDataFactory.fillDefaults().grab(true, true).hint(300, 200).applyTo(charts);
        Widgets.rowWhenLow(charts, 4, 100, 110); // a low pane shows the four charts side by side
        lossChart = chart(charts, Messages.Training_loss, "training.chart.loss", Messages.Training_axisStep);
        valChart = chart(charts, Messages.Training_valLoss, "training.chart.valLoss", Messages.Training_axisEpoch);
        lrChart = chart(charts, Messages.Training_lr, "training.chart.lr", Messages.Training_axisStep);
        cerChart = chart(charts, Messages.Training_cer, "training.chart.cer", Messages.Training_axisEpoch);

        // log and error side by side, so the charts keep the height in a small window
        Composite bottom = new Composite(parent, SWT.NONE);
        GridLayoutFactory.fillDefaults().numColumns(2).equalWidth(true).applyTo(bottom);
        GridDataFactory.fillDefaults().span(4, 1).grab(true, false).applyTo(bottom);
        new Label(bottom, SWT.NONE).setText(Messages.Training_log);
        new Label(bottom, SWT.NONE).setText(Messages.Training_error);
        log = Widgets.tag(new org.eclipse.swt.widgets.List(bottom, SWT.BORDER | SWT.V_SCROLL | SWT.H_SCROLL), "training.log");
        GridDataFactory.fillDefaults().grab(true, false).hint(100, 70).applyTo(log);
        error = Widgets.tag(new Text(bottom, SWT.BORDER | SWT.MULTI | SWT.V_SCROLL | SWT.H_SCROLL | SWT.READ_ONLY), "training.error");
        GridDataFactory.fillDefaults().grab(true, false).hint(100, 70).applyTo(error);

        throttle = new UiThrottle(progress, this::repaint);
        throttle.request(); // a part opened mid-run shows the history at once
        loadChoices();
    }

    private static Spinner spinner(Composite parent, String id, int min, int max, int value) {
        Spinner s = Widgets.tag(new Spinner(parent, SWT.BORDER), id);
        s.setValues(value, min, max, 0, 1, 10);
        // never narrower than its digits and arrows: a squeezed spinner cuts its buttons off
        Widgets.field(s.computeSize(SWT.DEFAULT, SWT.DEFAULT).x).applyTo(s);
        return s;
    }

    private static Chart chart(Composite parent, String title, String id, String xTitle) {
        Chart c = Widgets.tag(new Chart(parent, SWT.NONE), id);
        c.getTitle().setText(title);
        c.getAxisSet().getXAxis(0).getTitle().setText(xTitle);
        c.getAxisSet().getYAxis(0).getTitle().setText("");
        c.getLegend().setVisible(false);
        ILineSeries<?> s = (ILineSeries<?>) c.getSeriesSet().createSeries(ISeries.SeriesType.LINE, title);
        // per-epoch series get a dot: their first point (often the only one for a while) has no line to show it
        s.setSymbolType("epoch".equals(xTitle) ? ILineSeries.PlotSymbolType.CIRCLE : ILineSeries.PlotSymbolType.NONE);
        s.setSymbolSize(3);
        GridDataFactory.fillDefaults().grab(true, true).hint(150, 100).applyTo(c);
        return c;
    }

    private void loadChoices() {
        BackgroundWork.run("Hark: list datasets", dataset, monitor -> datasets.list(), list -> {
            String current = dataset.getText();
            dataset.removeAll();
            for (DatasetInfo d : list) {
                dataset.add(d.name());
            }
            dataset.setText(current.isEmpty() && dataset.getItemCount() > 0 ? dataset.getItem(0) : current);
            if (!choicesError.isEmpty() && choicesError.equals(commandError)) {
                lastError(""); // the server is ready now: "not ready yet" is stale
            }
            choicesError = "";
        }, message -> {
            choicesError = message;
            lastError(message);
        });
        BackgroundWork.run("Hark: list trainable models", modelName, monitor -> ModelChoices.trainable(server.config()), list -> {
            String chosen = ModelChoices.keep(list, modelName.getText());
            modelName.setItems(list.toArray(new String[0]));
            modelName.setText(chosen);
            if (list.isEmpty()) {
                lastError(Messages.Training_noTrainable);
            } else if (Messages.Training_noTrainable.equals(commandError)) {
                lastError(""); // another server, which trains
            }
        }, message -> { }); // the dataset list says why the server cannot be reached
        BackgroundWork.run("Hark: list checkpoints", checkpoint, monitor -> models.checkpoints(), list -> {
            checkpoint.removeAll();
            checkpoint.add(Messages.Training_latest);
            for (ModelEntry c : list) {
                checkpoint.add(c.name());
            }
            checkpoint.select(0);
        }, message -> { });
    }

    private void command(String what) {
        String chosen = checkpoint.getText().strip();
        boolean specific = checkpoint.getSelectionIndex() > 0 || (!chosen.isEmpty() && !chosen.equals(Messages.Training_latest));
        TrainRequest request = request(modelName.getText().strip(), dataset.getText().strip(), epochs.getSelection(), batch.getSelection(),
                limit.getSelection(), resumeCheck.getSelection() || what.equals("resume"), specific ? chosen : null);
        lastError("");
        BackgroundWork.run("Hark: training " + what, progress, monitor -> switch (what) {
            case "start" -> training.start(request).message();
            case "resume" -> training.resume(request).message();
            default -> training.stop();
        }, reply -> addLog(org.eclipse.osgi.util.NLS.bind(Messages.Training_serverReply, reply)), this::lastError);
    }

    /** The request the form describes: v1's fields; a limit of 0 means all samples. */
    static TrainRequest request(String model, String dataset, int epochs, int batch, int limit, boolean resume, String checkpoint) {
        return new TrainRequest(model, dataset, epochs, batch, resume, checkpoint, null, limit > 0 ? limit : null, null, null, null, null,
                null, null);
    }

    private void lastError(String message) {
        commandError = message;
        throttle.request();
    }

    private synchronized void addLog(String line) {
        ownLines.addLast(line);
        while (ownLines.size() > 20) {
            ownLines.removeFirst();
        }
        throttle.request();
    }

    // ---- bus ----

    @Inject
    @Optional
    void onTraining(@EventTopic(HarkTopics.TRAINING_ALL) Object message) {
        request(); // the history service has recorded it already or will have by the repaint
    }

    /** The server became ready: fill the dataset and checkpoint lists (no Refresh needed). */
    @Inject
    @Optional
    void onServer(@org.eclipse.e4.ui.di.UIEventTopic(HarkTopics.SERVER_STATE) dev.hark.core.services.ServerStatus s) {
        if (Refreshes.onServer(s) && dataset != null && !dataset.isDisposed()) {
            loadChoices();
        }
    }

    /** A dataset job ended: the dataset list changed. */
    @Inject
    @Optional
    void onDataset(@org.eclipse.e4.ui.di.UIEventTopic(HarkTopics.DATASET_STATUS) dev.hark.protocol.training.DatasetStatus d) {
        if (dataset != null && !dataset.isDisposed()) {
            loadChoices();
        }
    }

    /** A run ended or saved a checkpoint: the checkpoint list changed. */
    @Inject
    @Optional
    void onRunStatus(@org.eclipse.e4.ui.di.UIEventTopic(HarkTopics.TRAINING_STATUS) Object message) {
        boolean changed = message instanceof dev.hark.protocol.training.CheckpointSaved
                || message instanceof dev.hark.protocol.training.TrainingStatus t && Refreshes.ended(t);
        if (changed && dataset != null && !dataset.isDisposed()) {
            loadChoices();
        }
    }

    private void request() {
        UiThrottle t = throttle;
        if (t != null) {
            t.request();
        }
    }

    /** How often the charts were redrawn (tests check they follow the progress). */
    public long chartUpdates() {
        return chartUpdates;
    }

    private void repaint() {
        TrainingProgress p = history.lastProgress();
        if (p != null) {
            progress.setMaximum(1000);
            progress.setSelection(TrainingText.permille(p));
            progressText.setText(TrainingText.progress(p));
        }
        draw(lossChart, history.series(TrainingHistory.LOSS));
        draw(lrChart, history.series(TrainingHistory.LEARNING_RATE));
        draw(valChart, history.series(TrainingHistory.VAL_LOSS));
        draw(cerChart, history.series(TrainingHistory.CER));
        List<String> lines = new ArrayList<>(history.log());
        synchronized (this) {
            lines.addAll(ownLines);
        }
        if (log.getItemCount() != lines.size() || (!lines.isEmpty() && !log.getItem(log.getItemCount() - 1).equals(lines.getLast()))) {
            log.setItems(lines.toArray(new String[0]));
            log.setTopIndex(Math.max(0, log.getItemCount() - 1));
        }
        String err = commandError.isEmpty() ? history.lastError() : commandError;
        if (!error.getText().equals(err)) {
            error.setText(err);
        }
        chartUpdates++;
    }

    private static void draw(Chart chart, List<double[]> points) {
        ISeries<?> s = chart.getSeriesSet().getSeries()[0];
        double[] x = new double[points.size()];
        double[] y = new double[points.size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = points.get(i)[0];
            y[i] = points.get(i)[1];
        }
        s.setXSeries(x);
        s.setYSeries(y);
        if (x.length > 0) {
            chart.getAxisSet().adjustRange();
        }
        chart.redraw();
    }

    @Focus
    void focus() {
        dataset.setFocus();
    }
}
