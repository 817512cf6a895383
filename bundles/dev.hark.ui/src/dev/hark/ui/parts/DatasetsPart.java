package dev.hark.ui.parts;

import org.eclipse.e4.core.di.annotations.Optional;
import org.eclipse.e4.core.di.extensions.EventTopic;
import org.eclipse.e4.ui.di.UIEventTopic;
import org.eclipse.e4.ui.di.Focus;
import org.eclipse.jface.dialogs.Dialog;
import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.GridLayoutFactory;
import org.eclipse.osgi.util.NLS;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.ProgressBar;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Spinner;
import org.eclipse.swt.widgets.Text;

import java.util.List;

import dev.hark.core.HarkTopics;
import dev.hark.core.services.DatasetService;
import dev.hark.core.services.ServerStatus;
import dev.hark.protocol.rest.DatasetInfo;
import dev.hark.protocol.rest.DatasetJob;
import dev.hark.protocol.rest.GenerateRequest;
import dev.hark.protocol.training.DatasetProgress;
import dev.hark.protocol.training.DatasetStatus;
import dev.hark.ui.internal.BackgroundWork;
import dev.hark.ui.internal.DatasetText;
import dev.hark.ui.internal.Messages;
import dev.hark.ui.internal.RecordColumns;
import dev.hark.ui.internal.RecordTable;
import dev.hark.ui.internal.Refreshes;
import dev.hark.ui.internal.UiThrottle;
import dev.hark.ui.internal.Widgets;
import jakarta.annotation.PostConstruct;
import jakarta.inject.Inject;

/** Datasets: table, details, download and synthetic generation with progress, delete. */
public class DatasetsPart {

    @Inject
    private DatasetService datasets;

    private RecordTable<DatasetInfo> table;
    private Text details;
    private Label message;
    private ProgressBar progress;
    private UiThrottle throttle;
    private volatile String progressLine = "";
    private volatile double progressFraction = -1;

    @PostConstruct
    public void createControls(Composite part) {
        Composite parent = Widgets.scrolledForm(part);
        GridLayoutFactory.swtDefaults().numColumns(2).applyTo(parent);
        Composite buttons = Widgets.buttonBar(parent, 1); // wraps when the view is narrow
        ModelsPart.button(buttons, Messages.Models_refresh, "datasets.refresh", this::refresh);
        ModelsPart.button(buttons, Messages.Datasets_download, "datasets.download", this::download);
        ModelsPart.button(buttons, Messages.Datasets_generate, "datasets.generate", () -> generate(parent.getShell()));
        ModelsPart.button(buttons, Messages.Datasets_delete, "datasets.delete", () -> delete(parent.getShell()));
        progress = Widgets.tag(new ProgressBar(parent, SWT.HORIZONTAL), "datasets.progress");
        GridDataFactory.fillDefaults().grab(true, false).align(SWT.FILL, SWT.CENTER).hint(120, SWT.DEFAULT).applyTo(progress);
        Composite body = new Composite(parent, SWT.NONE);
        GridLayoutFactory.fillDefaults().numColumns(2).equalWidth(true).applyTo(body);
        GridDataFactory.fillDefaults().span(2, 1).grab(true, true).applyTo(body);
        table = new RecordTable<>(body, "datasets.table", DatasetInfo.class, DatasetInfo::name, RecordColumns.datasets());
        details = Widgets.tag(new Text(body, SWT.BORDER | SWT.MULTI | SWT.V_SCROLL | SWT.READ_ONLY), "datasets.details");
        GridDataFactory.fillDefaults().grab(true, true).hint(150, 100).applyTo(details);
        message = Widgets.wrappingLabel(parent, "datasets.message", 2);
        table.onSelection(row -> details.setText(RecordColumns.details(row)));
        throttle = new UiThrottle(progress, this::repaint);
        refresh();
    }

    private void say(String text) {
        message.setText(text);
        Widgets.relayout(message);
    }

    public void refresh() {
        BackgroundWork.run("Hark: list datasets", table.table(), monitor -> datasets.list(), (List<DatasetInfo> list) -> {
            table.setRows(list);
            say(NLS.bind(Messages.Datasets_listed, list.size()));
        }, this::say);
    }

    private void download() {
        DatasetInfo row = table.selected();
        if (row == null) {
            return;
        }
        String name = row.name();
        BackgroundWork.run("Hark: download " + name, table.table(), monitor -> datasets.download(name), this::sayJob, this::say);
    }

    private void delete(Shell shell) {
        DatasetInfo row = table.selected();
        if (row == null) {
            return;
        }
        String name = row.name();
        if (Widgets.confirm(shell, Messages.Datasets_title, NLS.bind(Messages.Datasets_confirmDelete, name))) {
            BackgroundWork.run("Hark: delete " + name, table.table(), monitor -> {
                datasets.delete(name);
                return name;
            }, n -> refresh(), this::say);
        }
    }

    private void generate(Shell shell) {
        GenerateDialog d = new GenerateDialog(shell);
        if (d.open() != Dialog.OK) {
            return;
        }
        progressFraction = 0;
        throttle.request();
        BackgroundWork.run("Hark: generate dataset " + d.name, table.table(),
                monitor -> datasets.generate(GenerateRequest.of(d.name, d.kind, d.count, null)), this::sayJob, this::say);
    }

    private void sayJob(DatasetJob job) {
        say(job.message() != null ? job.message() : DatasetText.state(String.valueOf(job.status())));
    }

    /** Dataset download and generation report through the server's event stream. */
    @Inject
    @Optional
    void onProgress(@EventTopic(HarkTopics.DATASET_PROGRESS) DatasetProgress p) {
        progressFraction = DatasetText.fraction(p);
        progressLine = DatasetText.progress(p);
        UiThrottle t = throttle;
        if (t != null) {
            t.request();
        }
    }

    /** A job ended: say how, and list the datasets again. */
    @Inject
    @Optional
    void onStatus(@UIEventTopic(HarkTopics.DATASET_STATUS) DatasetStatus s) {
        if (message != null && !message.isDisposed()) {
            progressLine = DatasetText.status(s);
            progressFraction = DatasetInfo.STATUS_FAILED.equals(s.status()) ? -1 : 1;
            repaint();
            refresh();
        }
    }

    /** The server became ready (at launch, after a restart, another server): list its datasets. */
    @Inject
    @Optional
    void onServer(@UIEventTopic(HarkTopics.SERVER_STATE) ServerStatus s) {
        if (Refreshes.onServer(s) && table != null && !table.table().isDisposed()) {
            refresh();
        }
    }

    private void repaint() {
        progress.setMaximum(1000);
        progress.setSelection(progressFraction < 0 ? 0 : (int) Math.round(progressFraction * 1000));
        if (!progressLine.isEmpty()) {
            say(progressLine);
        }
    }

    @Focus
    void focus() {
        table.table().setFocus();
    }

    /** Kind, clip count and name of a synthetic dataset. */
    static final class GenerateDialog extends dev.hark.ui.internal.HarkDialog {
        String kind = "digits";
        int count = 200;
        String name = "digits";
        private Combo kindCombo;
        private Spinner countSpinner;
        private Text nameText;

        /** The server's names of the kinds, in the order of the combo's (translated) items. */
        static final List<String> KINDS = List.of("digits", "commands", "sentences");

        GenerateDialog(Shell shell) {
            super(shell);
        }


        @Override
        protected void configureShell(Shell shell) {
            super.configureShell(shell);
            shell.setText(Messages.Datasets_generateTitle); // a title, not the button's label with its mnemonic
        }

        @Override
        protected Control createDialogArea(Composite parent) {
            Composite area = (Composite) super.createDialogArea(parent);
            GridLayoutFactory.swtDefaults().numColumns(2).applyTo(area);
            new Label(area, SWT.NONE).setText(Messages.Datasets_kind);
            kindCombo = new Combo(area, SWT.READ_ONLY);
            kindCombo.setItems(Messages.Datasets_kindDigits, Messages.Datasets_kindCommands, Messages.Datasets_kindSentences);
            kindCombo.select(0);
            new Label(area, SWT.NONE).setText(Messages.Datasets_count);
            countSpinner = new Spinner(area, SWT.BORDER);
            countSpinner.setValues(200, 10, 100_000, 0, 10, 100);
            new Label(area, SWT.NONE).setText(Messages.Datasets_name);
            nameText = new Text(area, SWT.BORDER);
            nameText.setText("digits");
            GridDataFactory.fillDefaults().grab(true, false).hint(200, SWT.DEFAULT).applyTo(nameText);
            kindCombo.addListener(SWT.Selection, e -> nameText.setText(KINDS.get(kindCombo.getSelectionIndex())));
            return area;
        }

        @Override
        protected void okPressed() {
            kind = KINDS.get(Math.max(0, kindCombo.getSelectionIndex()));
            count = countSpinner.getSelection();
            name = nameText.getText().strip();
            super.okPressed();
        }
    }
}
