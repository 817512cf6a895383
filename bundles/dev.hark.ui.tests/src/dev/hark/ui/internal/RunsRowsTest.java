package dev.hark.ui.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
}
