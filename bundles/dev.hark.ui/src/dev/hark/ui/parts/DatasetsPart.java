package dev.hark.ui.parts;

import org.eclipse.e4.core.di.annotations.Optional;
import org.eclipse.e4.core.di.extensions.EventTopic;
import org.eclipse.e4.ui.di.Focus;
import org.eclipse.jface.dialogs.Dialog;
import org.eclipse.jface.dialogs.MessageDialog;
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

import com.google.gson.JsonArray;

import dev.hark.core.HarkTopics;
import dev.hark.core.TrainingEvent;
import dev.hark.core.services.ServerService;
import dev.hark.ui.internal.BackgroundWork;
import dev.hark.ui.internal.JsonTable;
import dev.hark.ui.internal.Messages;
import dev.hark.ui.internal.ServerAccess;
import dev.hark.ui.internal.UiThrottle;
import dev.hark.ui.internal.Widgets;
import jakarta.annotation.PostConstruct;
import jakarta.inject.Inject;

/** Datasets: table, details, download and synthetic generation with progress, delete. */
public class DatasetsPart {

    @Inject
    private ServerService server;

    private JsonTable table;
    private Text details;
    private Label message;
    private ProgressBar progress;
    private UiThrottle throttle;
    private volatile String progressLine = "";
    private volatile double progressFraction = -1;

    @PostConstruct
    public void createControls(Composite parent) {
        GridLayoutFactory.swtDefaults().numColumns(5).applyTo(parent);
        ModelsPart.button(parent, Messages.Models_refresh, "datasets.refresh", this::refresh);
        ModelsPart.button(parent, Messages.Datasets_download, "datasets.download", this::download);
        ModelsPart.button(parent, Messages.Datasets_generate, "datasets.generate", () -> generate(parent.getShell()));
        ModelsPart.button(parent, Messages.Datasets_delete, "datasets.delete", () -> delete(parent.getShell()));
        progress = Widgets.tag(new ProgressBar(parent, SWT.HORIZONTAL), "datasets.progress");
        GridDataFactory.fillDefaults().grab(true, false).applyTo(progress);
        Composite body = new Composite(parent, SWT.NONE);
        GridLayoutFactory.fillDefaults().numColumns(2).equalWidth(true).applyTo(body);
        GridDataFactory.fillDefaults().span(5, 1).grab(true, true).applyTo(body);
        table = new JsonTable(body, "datasets.table",
                new String[] { Messages.Models_name, Messages.Datasets_status, Messages.Models_files, Messages.Models_size, Messages.Datasets_hours },
                new String[] { "name", "status", "num_files", "size_mb", "hours" });
        details = Widgets.tag(new Text(body, SWT.BORDER | SWT.MULTI | SWT.V_SCROLL | SWT.READ_ONLY), "datasets.details");
        GridDataFactory.fillDefaults().grab(true, true).applyTo(details);
        message = Widgets.tag(new Label(parent, SWT.NONE), "datasets.message");
        GridDataFactory.fillDefaults().span(5, 1).grab(true, false).applyTo(message);
        table.table().addListener(SWT.Selection, e -> details.setText(JsonTable.pretty(table.selected())));
        throttle = new UiThrottle(progress, this::repaint);
        refresh();
    }

    private void say(String text) {
        message.setText(text);
        message.getParent().layout(new Control[] { message });
    }

    public void refresh() {
        BackgroundWork.run("Hark: list datasets", table.table(), monitor -> ServerAccess.api(server).datasets(), (JsonArray list) -> {
            table.setRows(list);
            say(list.size() + " datasets");
        }, this::say);
    }

    private void download() {
        var row = table.selected();
        if (row == null) {
            return;
        }
        String name = row.get("name").getAsString();
        BackgroundWork.run("Hark: download " + name, table.table(), monitor -> ServerAccess.api(server).downloadDataset(name),
                r -> say(r.has("message") ? r.get("message").getAsString() : r.toString()), this::say);
    }

    private void delete(Shell shell) {
        var row = table.selected();
        if (row == null) {
            return;
        }
        String name = row.get("name").getAsString();
        if (MessageDialog.openConfirm(shell, Messages.Datasets_title, NLS.bind(Messages.Datasets_confirmDelete, name))) {
            BackgroundWork.run("Hark: delete " + name, table.table(), monitor -> {
                ServerAccess.api(server).deleteDataset(name);
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
                monitor -> ServerAccess.api(server).generateDataset(d.kind, d.count, d.name),
                r -> say(r.has("message") ? r.get("message").getAsString() : r.toString()), this::say);
    }

    /** Dataset download and generation report through the training event stream (type "dataset"). */
    @Inject
    @Optional
    void onStatus(@EventTopic(HarkTopics.TRAINING_STATUS) TrainingEvent e) {
        if (e.type().startsWith("dataset")) {
            double done = e.number("done", Double.NaN);
            double total = e.number("total", Double.NaN);
            progressFraction = total > 0 ? done / total : -1;
            progressLine = e.text("message");
            throttle.request();
            if ("completed".equals(e.text("status")) || "failed".equals(e.text("status"))) {
                message.getDisplay().asyncExec(this::refresh);
            }
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
    static final class GenerateDialog extends Dialog {
        String kind = "digits";
        int count = 200;
        String name = "digits";
        private Combo kindCombo;
        private Spinner countSpinner;
        private Text nameText;

        GenerateDialog(Shell shell) {
            super(shell);
        }

        @Override
        protected void configureShell(Shell shell) {
            super.configureShell(shell);
            shell.setText(Messages.Datasets_generate.replace("&", "").replace("...", ""));
        }

        @Override
        protected Control createDialogArea(Composite parent) {
            Composite area = (Composite) super.createDialogArea(parent);
            GridLayoutFactory.swtDefaults().numColumns(2).applyTo(area);
            new Label(area, SWT.NONE).setText(Messages.Datasets_kind);
            kindCombo = new Combo(area, SWT.READ_ONLY);
            kindCombo.setItems("digits", "commands", "sentences");
            kindCombo.select(0);
            new Label(area, SWT.NONE).setText(Messages.Datasets_count);
            countSpinner = new Spinner(area, SWT.BORDER);
            countSpinner.setValues(200, 10, 100_000, 0, 10, 100);
            new Label(area, SWT.NONE).setText(Messages.Datasets_name);
            nameText = new Text(area, SWT.BORDER);
            nameText.setText("digits");
            GridDataFactory.fillDefaults().grab(true, false).hint(200, SWT.DEFAULT).applyTo(nameText);
            kindCombo.addListener(SWT.Selection, e -> nameText.setText(kindCombo.getText()));
            return area;
        }

        @Override
        protected void okPressed() {
            kind = kindCombo.getText();
            count = countSpinner.getSelection();
            name = nameText.getText().strip();
            super.okPressed();
        }
    }
}
