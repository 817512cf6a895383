package dev.hark.ui.internal;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.hark.core.runs.MetricSummary;

/**
 * The Runs view's figures of one metric per run (last and lowest value), so the runs can be sorted by any metric: a
 * run's figures are read again only when the metric changes or the run has grown (its points or last step changed).
 * UI thread only (the reads themselves are done by the view in a background job).
 */
public final class RunMetricCache {

    /** Budget of points per read: the downsampled series keeps the last point and every bucket's extremes. */
    public static final int POINTS = 64;

    private record Entry(long points, long lastStep, MetricSummary summary) {
    }

    private final Map<String, Entry> entries = new HashMap<>();
    private String tag = "";

    /** The metric shown; a new one forgets the figures of the last. */
    public void setTag(String newTag) {
        String t = newTag == null ? "" : newTag;
        if (!t.equals(tag)) {
            tag = t;
            entries.clear();
        }
    }

    public String tag() {
        return tag;
    }

    /** The figures of a row as last read (NONE when not read, or read before the run grew). */
    public MetricSummary of(RunRow row) {
        Entry e = entries.get(row.id());
        return e == null ? MetricSummary.NONE : e.summary();
    }

    /** The rows whose figures are missing or out of date: those that log the metric and were not read as they are now. */
    public List<RunRow> stale(List<RunRow> rows) {
        return rows.stream().filter(r -> r.info().tags().contains(tag)).filter(r -> {
            Entry e = entries.get(r.id());
            return e == null || e.points() != r.info().points() || e.lastStep() != r.info().lastStep();
        }).toList();
    }

    /** Keeps what was read for {@code row} (as it was when the read began) of {@code forTag}; a read of an older metric is dropped. */
    public void put(RunRow row, String forTag, MetricSummary summary) {
        if (forTag.equals(tag)) {
            entries.put(row.id(), new Entry(row.info().points(), row.info().lastStep(), summary));
        }
    }

    /** Forgets rows that are gone. */
    public void retain(List<RunRow> rows) {
        java.util.Set<String> ids = new java.util.HashSet<>();
        rows.forEach(r -> ids.add(r.id()));
        entries.keySet().retainAll(ids);
    }
}
