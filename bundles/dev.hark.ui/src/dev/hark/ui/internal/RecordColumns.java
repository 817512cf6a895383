package dev.hark.ui.internal;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.hark.protocol.rest.DatasetInfo;
import dev.hark.protocol.rest.ModelEntry;

/** The columns and the details text of the Models and Datasets tables. No widgets: tests read them directly. */
public final class RecordColumns {

    private RecordColumns() {
    }

    public static List<Column<ModelEntry>> models() {
        return List.of(Column.text(Messages.Models_name, ModelEntry::name),
                Column.text(Messages.Models_kind, RecordColumns::kind),
                Column.text(Messages.Models_dataset, RecordColumns::dataset),
                Column.number(Messages.Models_epoch, ModelEntry::epoch, "%d"),
                Column.number(Messages.Models_size, m -> m.path() == null ? null : m.sizeMb(), "%.1f"),
                Column.number(Messages.Models_files, m -> m.path() == null ? null : m.fileCount(), "%d"),
                Column.text(Messages.Models_created, m -> CreatedAt.display(m.createdAt())));
    }

    /** The engine, with "built-in" for models that ship with it; the model name for a checkpoint no engine serves. */
    static String kind(ModelEntry m) {
        if (m.engine() == null) {
            return m.modelName() != null ? m.modelName() : m.path() != null ? namePart(m.name(), 0) : "";
        }
        return Boolean.TRUE.equals(m.builtIn()) ? m.engine() + " (" + Messages.Models_builtIn + ")" : m.engine();
    }

    /**
     * The dataset; an older (asr-test) server's checkpoint entries may lack it: then, as its own frontend does, the
     * second part of a {@code model-dataset-...} name.
     */
    static String dataset(ModelEntry m) {
        if (m.datasetName() != null) {
            return m.datasetName();
        }
        return m.engine() == null && m.path() != null ? namePart(m.name(), 1) : null;
    }

    private static String namePart(String name, int i) {
        String[] parts = name == null ? new String[0] : name.split("-");
        return parts.length > i + 1 || (i == 0 && parts.length > 0) ? parts[i] : "";
    }

    public static List<Column<DatasetInfo>> datasets() {
        return List.of(Column.text(Messages.Models_name, DatasetInfo::name),
                Column.text(Messages.Datasets_status, d -> DatasetText.state(d.status())),
                Column.number(Messages.Models_files, DatasetInfo::numFiles, "%d"),
                Column.number(Messages.Models_size, DatasetInfo::sizeMb, "%.1f"),
                Column.number(Messages.Datasets_hours, DatasetInfo::hours, "%.2f"));
    }

    /** What the details pane shows for a model or checkpoint: every field that has a value, one per line. */
    public static String details(ModelEntry m) {
        if (m == null) {
            return "";
        }
        StringBuilder b = new StringBuilder();
        field(b, "name", m.name());
        field(b, "engine", m.engine());
        field(b, "built_in", m.builtIn());
        field(b, "description", m.description());
        field(b, "sample_rate", m.sampleRate());
        map(b, "details", m.details());
        field(b, "path", m.path());
        field(b, "model_name", m.modelName());
        field(b, "dataset_name", m.datasetName());
        field(b, "epoch", m.epoch());
        if (m.path() != null) {
            field(b, "size_mb", m.sizeMb());
            field(b, "file_count", m.fileCount());
        }
        field(b, "created_at", CreatedAt.display(m.createdAt())); // as the column shows it (epoch seconds read as a time)
        field(b, "training_status", m.trainingStatus());
        field(b, "training_start_time", m.trainingStartTime());
        field(b, "training_end_time", m.trainingEndTime());
        map(b, "training_params", m.trainingParams());
        map(b, "training_metadata", m.trainingMetadata());
        if (m.files() != null && !m.files().isEmpty()) {
            b.append("files:\n");
            m.files().forEach(f -> b.append("  ").append(f).append('\n'));
        }
        return b.toString();
    }

    /** What the details pane shows for a dataset. */
    public static String details(DatasetInfo d) {
        if (d == null) {
            return "";
        }
        StringBuilder b = new StringBuilder();
        field(b, "name", d.name());
        field(b, "status", d.status());
        field(b, "path", d.path());
        field(b, "num_files", d.numFiles());
        field(b, "size_mb", d.sizeMb());
        field(b, "hours", d.hours());
        field(b, "skipped_entries", d.skippedEntries());
        field(b, "error", d.error());
        if (d.config() != null) {
            field(b, "layout", d.config().layout());
            field(b, "sample_rate", d.config().sampleRate());
            field(b, "validation_split", d.config().validationSplit());
            field(b, "url", d.config().url());
            field(b, "description", d.config().description());
            map(b, "generator", d.config().generator());
        }
        if (d.progress() != null) {
            field(b, "progress", DatasetText.progress(d.progress()));
        }
        if (d.problems() != null && !d.problems().isEmpty()) {
            b.append("problems:\n");
            d.problems().forEach(p -> b.append("  ").append(p).append('\n'));
        }
        return b.toString();
    }

    private static void field(StringBuilder b, String name, Object value) {
        if (value != null && !(value instanceof String s && s.isEmpty())) {
            b.append(name).append(": ").append(value).append('\n');
        }
    }

    private static void map(StringBuilder b, String name, Map<String, Object> map) {
        if (map != null && !map.isEmpty()) {
            b.append(name).append(":\n");
            new TreeMap<>(map).forEach((k, v) -> b.append("  ").append(k).append(": ").append(v).append('\n'));
        }
    }
}
