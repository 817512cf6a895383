package dev.hark.ui.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

import org.eclipse.osgi.util.NLS;

import dev.hark.core.runs.MetricSummary;

import dev.hark.core.runs.RunKey;
import dev.hark.protocol.runs.RunInfo;

/** A row of the Runs view's table: a run and the source it came from. */
public record RunRow(RunKey key, RunInfo info) {

    /** The table's key of a row: source and run id. */
    public String id() {
        return key.source() + "\n" + key.runId();
    }

    public static List<Column<RunRow>> columns() {
        return List.of(Column.text(Messages.Runs_run, r -> r.info().name()),
                Column.text(Messages.Runs_state, r -> state(r.info())),
                Column.number(Messages.Runs_points, r -> r.info().points(), "%d"),
                Column.number(Messages.Runs_lastStep, r -> r.info().lastStep() < 0 ? null : r.info().lastStep(), "%d"),
                Column.text(Messages.Runs_tags, r -> String.join(", ", r.info().tags())),
                Column.text(Messages.Runs_source, r -> r.key().source()),
                Column.text(Messages.Runs_problems, r -> r.info().detail()));
    }

    /** Index of the first of the two metric columns of {@link #columns(Function)}. */
    public static final int METRIC_COLUMN = 7;

    /**
     * {@link #columns()} and two of the chosen metric: its last value and its lowest (what "best" means for a loss or
     * an error rate), from {@code metrics} (NONE: blank, sorted first).
     */
    public static List<Column<RunRow>> columns(Function<RunRow, MetricSummary> metrics) {
        List<Column<RunRow>> all = new ArrayList<>(columns());
        all.add(Column.number(NLS.bind(Messages.Runs_metricLast, ""), r -> value(metrics.apply(r).last()), "%.4g"));
        all.add(Column.number(NLS.bind(Messages.Runs_metricLowest, ""), r -> value(metrics.apply(r).min()), "%.4g"));
        return all;
    }

    /** Null (blank, sorted first) for NaN; infinities stay (a run that blew up shows it). */
    private static Double value(double v) {
        return Double.isNaN(v) ? null : v;
    }

    static String state(RunInfo info) {
        return switch (info.state()) {
            case ACTIVE -> Messages.Runs_stateActive;
            case IDLE -> Messages.Runs_stateIdle;
            case FINISHED -> Messages.Runs_stateFinished;
            case STOPPED -> Messages.Runs_stateStopped;
            case FAILED -> Messages.Runs_stateFailed;
        };
    }

    @Override
    public String toString() {
        return key.runId().toLowerCase(Locale.ROOT);
    }
}
