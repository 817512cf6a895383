package dev.hark.ui.internal;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.eclipse.osgi.util.NLS;
import org.eclipse.swt.widgets.TableColumn;

import dev.hark.core.runs.MetricSummary;
import dev.hark.core.services.RunsService;

/**
 * The Runs view's two metric columns (the chosen metric's last and lowest value of every run, so runs can be sorted
 * by any metric): their headers name the metric, and the figures of runs that are new or grew are read in a
 * background job ({@link RunMetricCache#POINTS} points per run, downsampled where the run is kept), one job at a
 * time, a request during a job done after it. UI thread only.
 */
public final class RunMetricColumns {

    private record Read(Map<RunRow, MetricSummary> figures, String failure) {
    }

    private final RunMetricCache cache = new RunMetricCache();
    private final RunsService runs;
    private final Consumer<String> say;
    private RecordTable<RunRow> table;
    private List<RunRow> rows = List.of();
    private boolean loading;
    private boolean again;

    public RunMetricColumns(RunsService runs, Consumer<String> say) {
        this.runs = runs;
        this.say = say;
    }

    /** The runs table's columns, the metric's two last. */
    public List<Column<RunRow>> columns() {
        return RunRow.columns(cache::of);
    }

    /** The table made with {@link #columns()}. */
    public void attach(RecordTable<RunRow> runsTable) {
        this.table = runsTable;
    }

    /** The runs shown now and the metric chosen: headers renamed, missing figures read. */
    public void show(List<RunRow> shown, String tag) {
        rows = List.copyOf(shown);
        cache.retain(rows);
        cache.setTag(tag);
        TableColumn[] columns = table.table().getColumns();
        if (columns.length >= RunRow.METRIC_COLUMN + 2) {
            String metric = tag == null ? "" : tag;
            columns[RunRow.METRIC_COLUMN].setText(NLS.bind(Messages.Runs_metricLast, metric).strip());
            columns[RunRow.METRIC_COLUMN + 1].setText(NLS.bind(Messages.Runs_metricLowest, metric).strip());
        }
        load();
    }

    private void load() {
        if (loading) {
            again = true;
            return;
        }
        List<RunRow> stale = cache.stale(rows);
        if (stale.isEmpty()) {
            return;
        }
        String tag = cache.tag();
        loading = true;
        BackgroundWork.run("Hark: read the runs' " + tag, table.table(), monitor -> {
            Map<RunRow, MetricSummary> read = new LinkedHashMap<>();
            String failed = null;
            for (RunRow r : stale) {
                if (monitor.isCanceled()) {
                    break;
                }
                try {
                    read.put(r, MetricSummary.of(runs.series(r.key(), tag, RunMetricCache.POINTS)));
                } catch (IOException | RuntimeException e) {
                    read.put(r, new MetricSummary(tag, Double.NaN, Double.NaN, Double.NaN)); // blank until the run grows
                    failed = NLS.bind(Messages.Runs_metricsFailed, new Object[] { tag, r.info().name(), ErrorText.message(e) });
                }
            }
            return new Read(read, failed);
        }, result -> {
            loading = false;
            result.figures().forEach((r, m) -> cache.put(r, tag, m));
            table.viewer().refresh();
            for (TableColumn c : table.table().getColumns()) {
                c.pack();
            }
            if (result.failure() != null) {
                say.accept(result.failure());
            }
            if (again) {
                again = false;
                load();
            }
        }, error -> {
            loading = false;
            say.accept(error);
        });
    }
}
