package dev.hark.ui.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.hark.core.runs.RunKey;
import dev.hark.protocol.runs.RunInfo;
import dev.hark.protocol.runs.RunState;

class RunsRowsTest {

    @Test
    void hoverFindsTheNearestPoint() {
        double[] x = { 0, 10, 20, 40 };
        assertEquals(0, ChartMath.nearest(x, -5));
        assertEquals(0, ChartMath.nearest(x, 4.9));
        assertEquals(1, ChartMath.nearest(x, 5.1));
        assertEquals(2, ChartMath.nearest(x, 20));
        assertEquals(2, ChartMath.nearest(x, 29.9));
        assertEquals(3, ChartMath.nearest(x, 31));
        assertEquals(3, ChartMath.nearest(x, 1e9));
        assertEquals(-1, ChartMath.nearest(new double[0], 1));
    }

    @Test
    void runRowsShowTheRunAndItsSource() {
        RunRow row = new RunRow(new RunKey("TensorBoard: /logs", "a/b"),
                new RunInfo("a/b", "a/b", RunState.IDLE, "", List.of("loss", "lr"), 12, 11, 1.7e9, java.util.Map.of()));
        List<Column<RunRow>> columns = RunRow.columns();
        assertEquals("a/b", columns.get(0).cell(row));
        assertEquals(Messages.Runs_stateIdle, columns.get(1).cell(row));
        assertEquals("12", columns.get(2).cell(row));
        assertEquals("loss, lr", columns.get(4).cell(row));
        assertEquals("TensorBoard: /logs", columns.get(5).cell(row));
        assertEquals("TensorBoard: /logs\na/b", row.id());
    }

    @Test
    void theMetricColumnsShowWhatWasReadAndRunsAreReadAgainOnlyWhenTheyGrew() {
        RunRow a = new RunRow(new RunKey("s", "a"), new RunInfo("a", "a", RunState.ACTIVE, "", List.of("loss"), 10, 9, 1.7e9, java.util.Map.of()));
        RunRow b = new RunRow(new RunKey("s", "b"), new RunInfo("b", "b", RunState.IDLE, "", List.of("acc"), 5, 4, 1.7e9, java.util.Map.of()));
        RunMetricCache cache = new RunMetricCache();
        cache.setTag("loss");
        assertEquals(List.of(a), cache.stale(List.of(a, b)), "only runs that log the metric");
        List<Column<RunRow>> columns = RunRow.columns(cache::of);
        assertEquals(RunRow.METRIC_COLUMN + 2, columns.size());
        assertEquals("", columns.get(RunRow.METRIC_COLUMN).cell(a), "blank until read");
        cache.put(a, "loss", new dev.hark.core.runs.MetricSummary("loss", 0.5, 0.25, 2));
        assertEquals("0.5000", columns.get(RunRow.METRIC_COLUMN).cell(a));
        assertEquals("0.2500", columns.get(RunRow.METRIC_COLUMN + 1).cell(a));
        assertEquals(List.of(), cache.stale(List.of(a, b)), "read as it is");
        RunRow grown = new RunRow(a.key(), new RunInfo("a", "a", RunState.ACTIVE, "", List.of("loss"), 11, 10, 1.7e9, java.util.Map.of()));
        assertEquals(List.of(grown), cache.stale(List.of(grown, b)), "read again once it grew");
        assertEquals("0.5000", columns.get(RunRow.METRIC_COLUMN).cell(grown), "the last figures meanwhile");
        cache.put(a, "acc", new dev.hark.core.runs.MetricSummary("acc", 1, 1, 1));
        assertEquals("0.5000", columns.get(RunRow.METRIC_COLUMN).cell(a), "a read of another metric is dropped");
        cache.setTag("acc");
        assertEquals("", columns.get(RunRow.METRIC_COLUMN).cell(a), "another metric: nothing known yet");
        assertEquals(List.of(b), cache.stale(List.of(a, b)));
    }

    @Test
    void checkpointRowsShowTheirNumbersAndLeaveTheUnknownBlank() {
        var measured = new dev.hark.protocol.runs.CheckpointInfo("ctc-digits-epoch-2", 2, 28, 1.23456, 0.5, 0.75, "2026-11-27T10:00:00Z",
                Double.NaN, Double.NaN);
        var unmeasured = new dev.hark.protocol.runs.CheckpointInfo("ctc-digits-epoch-1", 1, 14, Double.NaN, Double.NaN, Double.NaN, "",
                0.25, 0.125);
        List<Column<dev.hark.protocol.runs.CheckpointInfo>> columns = CheckpointColumns.columns();
        assertEquals(List.of(Messages.Runs_cpName, Messages.Runs_cpEpoch, Messages.Runs_cpStep, Messages.Runs_cpValLoss, Messages.Runs_cpCer,
                Messages.Runs_cpWer, Messages.Runs_cpEvalWer, Messages.Runs_cpEvalCer, Messages.Runs_cpSavedAt),
                columns.stream().map(Column::header).toList());
        assertEquals(List.of("ctc-digits-epoch-2", "2", "28", "1.2346", "0.5000", "0.7500", "", ""),
                columns.subList(0, 8).stream().map(c -> c.cell(measured)).toList());
        assertEquals(List.of("", "", "", "0.2500", "0.1250", ""), columns.subList(3, 9).stream().map(c -> c.cell(unmeasured)).toList());
        // sorting by validation loss: numbers as numbers, the unmeasured first
        RowView<dev.hark.protocol.runs.CheckpointInfo> view = new RowView<>(columns);
        view.sortBy(3);
        assertEquals(List.of(unmeasured, measured), view.apply(List.of(measured, unmeasured)));
        assertEquals("2026-11-27 19:00:00", CheckpointColumns.saved("2026-11-27T10:00:00Z", java.time.ZoneId.of("Asia/Tokyo")));
        assertEquals("yesterday", CheckpointColumns.saved("yesterday", java.time.ZoneId.of("UTC")), "not a time: as it came");
    }

    @Test
    void deletingARunSaysWhatGoes() {
        RunRow row = new RunRow(new RunKey("Hark server: http://127.0.0.1:8000/", "r1"),
                new RunInfo("r1", "ctc on digits", RunState.FINISHED, "", List.of("loss", "cer"), 120, 40, 1.7e9, java.util.Map.of()));
        var a = new dev.hark.protocol.runs.CheckpointInfo("ctc-digits-epoch-1", 1, 20, 2, 1, 1, "", Double.NaN, Double.NaN);
        var b = new dev.hark.protocol.runs.CheckpointInfo("ctc-digits-epoch-2", 2, 40, 1, 0.5, 0.7, "", Double.NaN, Double.NaN);
        String text = RunDeletion.confirmation(row, List.of(a, b));
        assertTrue(text.contains("ctc on digits") && text.contains("Hark server: http://127.0.0.1:8000/"), text);
        assertTrue(text.contains("2 checkpoint(s): ctc-digits-epoch-1, ctc-digits-epoch-2"), text);
        assertTrue(text.contains("120 value(s) of loss, cer"), text);
        assertTrue(RunDeletion.confirmation(row, List.of()).contains(Messages.Runs_deleteNoCheckpoints));
    }
}
