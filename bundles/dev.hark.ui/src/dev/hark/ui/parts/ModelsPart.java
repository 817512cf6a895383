package dev.hark.ui.parts;

import java.nio.file.Path;
import java.util.List;

import org.eclipse.e4.core.di.annotations.Optional;
import org.eclipse.e4.ui.di.Focus;
import org.eclipse.e4.ui.di.UIEventTopic;
import org.eclipse.e4.ui.workbench.modeling.EPartService;
import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.GridLayoutFactory;
import org.eclipse.osgi.util.NLS;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.FileDialog;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Text;

import dev.hark.core.HarkTopics;
import dev.hark.core.services.ModelService;
import dev.hark.core.services.ServerStatus;
import dev.hark.protocol.rest.BulkDeleteResult;
import dev.hark.protocol.rest.ModelEntry;
import dev.hark.protocol.training.CheckpointSaved;
import dev.hark.protocol.training.TrainingStatus;
import dev.hark.ui.internal.BackgroundWork;
import dev.hark.ui.internal.Messages;
import dev.hark.ui.internal.RecordColumns;
import dev.hark.ui.internal.RecordTable;
import dev.hark.ui.internal.Refreshes;
import dev.hark.ui.internal.Widgets;
import jakarta.annotation.PostConstruct;
import jakarta.inject.Inject;

/** Checkpoints and models: filter, sort, details (training metadata, files), delete, bulk delete, zip download, use for live. */
public class ModelsPart {

    static final String LIVE_PART = "dev.hark.ui.part.live";

    @Inject
    private ModelService models;
    @Inject
    private EPartService parts;

    private RecordTable<ModelEntry> table;
    private Text details;
    private Label message;

    @PostConstruct
    public void createControls(Composite part) {
        Composite parent = Widgets.scrolledForm(part);
        // the filter on a line of its own, never squeezed; the buttons below it wrap when the view is narrow
        GridLayoutFactory.swtDefaults().numColumns(2).applyTo(parent);
        new Label(parent, SWT.NONE).setText(Messages.Models_filter);
        Text filter = Widgets.tag(new Text(parent, SWT.BORDER | SWT.SEARCH), "models.filter");
        Widgets.field(120).applyTo(filter);
        Composite buttons = Widgets.buttonBar(parent, 2);
        button(buttons, Messages.Models_refresh, "models.refresh", this::refresh);
        button(buttons, Messages.Models_delete, "models.delete", () -> delete(parent));
        button(buttons, Messages.Models_download, "models.download", () -> download(parent));
        button(buttons, Messages.Models_use, "models.use", this::useForLive);
        Composite body = new Composite(parent, SWT.NONE);
        GridLayoutFactory.fillDefaults().numColumns(2).equalWidth(true).applyTo(body);
        GridDataFactory.fillDefaults().span(2, 1).grab(true, true).applyTo(body);
        table = new RecordTable<>(body, "models.table", ModelEntry.class, ModelEntry::name, RecordColumns.models());
        details = Widgets.tag(new Text(body, SWT.BORDER | SWT.MULTI | SWT.V_SCROLL | SWT.H_SCROLL | SWT.READ_ONLY), "models.details");
        GridDataFactory.fillDefaults().grab(true, true).hint(150, 100).applyTo(details);
        message = Widgets.wrappingLabel(parent, "models.message", 2);
        filter.addListener(SWT.Modify, e -> table.setFilter(filter.getText()));
        table.onSelection(row -> details.setText(RecordColumns.details(row)));
        refresh();
    }

    static Button button(Composite parent, String text, String id, Runnable action) {
        Button b = Widgets.tag(new Button(parent, SWT.PUSH), id);
        b.setText(text);
        b.addListener(SWT.Selection, e -> action.run());
        return b;
    }

    private void say(String text) {
        message.setText(text);
        Widgets.relayout(message);
    }

    public void refresh() {
        BackgroundWork.run("Hark: list models", table.table(), monitor -> models.models(), (List<ModelEntry> list) -> {
            table.setRows(list);
            say(NLS.bind(Messages.Models_count, list.size()));
        }, this::say);
    }

    private void delete(Composite parent) {
        List<String> names = table.checkedNames();
        if (names.isEmpty() || !Widgets.confirm(parent.getShell(), Messages.Models_title,
                NLS.bind(Messages.Models_confirmDelete, names.size()))) {
            return;
        }
        BackgroundWork.run("Hark: delete checkpoints", table.table(), monitor -> models.delete(names), (BulkDeleteResult result) -> {
            say(deleted(result));
            refresh();
        }, this::say);
    }

    /** The server's message, and which names failed and why. */
    static String deleted(BulkDeleteResult r) {
        String text = r.message() != null ? r.message() : NLS.bind(Messages.Models_deleted, r.deleted() == null ? 0 : r.deleted().size());
        if (r.failed() == null || r.failed().isEmpty()) {
            return text;
        }
        StringBuilder b = new StringBuilder(text).append(':');
        r.failed().forEach(f -> b.append(' ').append(f.modelName()).append(" (").append(f.error()).append(')'));
        return b.toString();
    }

    private void download(Composite parent) {
        List<String> names = table.checkedNames();
        if (names.isEmpty()) {
            return;
        }
        FileDialog d = new FileDialog(parent.getShell(), SWT.SAVE);
        d.setFileName("models.zip");
        d.setOverwrite(true);
        String target = d.open();
        if (target != null) {
            BackgroundWork.run("Hark: download checkpoints", table.table(), monitor -> models.downloadZip(names, Path.of(target)),
                    p -> say(NLS.bind(Messages.Models_saved, p)), this::say);
        }
    }

    /** The model service publishes the choice; the Live view, open or opened now, follows it. */
    private void useForLive() {
        ModelEntry row = table.selected();
        if (row == null) {
            return;
        }
        models.useForLive(row.name());
        parts.showPart(LIVE_PART, EPartService.PartState.VISIBLE);
    }

    /** The server became ready (at launch, after a restart, another server): list its models. */
    @Inject
    @Optional
    void onServer(@UIEventTopic(HarkTopics.SERVER_STATE) ServerStatus s) {
        if (Refreshes.onServer(s) && table != null && !table.table().isDisposed()) {
            refresh();
        }
    }

    /** A run ended or wrote a checkpoint: the list has changed. */
    @Inject
    @Optional
    void onTraining(@UIEventTopic(HarkTopics.TRAINING_STATUS) Object message) {
        if ((message instanceof CheckpointSaved || message instanceof TrainingStatus t && Refreshes.ended(t))
                && table != null && !table.table().isDisposed()) {
            refresh();
        }
    }

    @Focus
    void focus() {
        table.table().setFocus();
    }
}
