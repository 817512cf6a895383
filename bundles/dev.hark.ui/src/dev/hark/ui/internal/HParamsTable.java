package dev.hark.ui.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableColumn;
import org.eclipse.swt.widgets.TableItem;

/**
 * The hyperparameters of runs side by side, as TensorBoard's HParams table shows them: one row per run that logged
 * any, a column per name (hyperparameters that differ between the runs first, then those all runs share). Clicking
 * a column header sorts by it (numbers as numbers). The table has the id {@code runs.hparams}.
 */
public final class HParamsTable {

    /** One run's row. */
    public record Row(String run, Map<String, String> hparams) {
    }

    private final Table table;
    private List<Row> rows = List.of();
    private List<String> names = List.of();
    private int sortColumn = 0;
    private boolean ascending = true;

    public HParamsTable(Composite parent) {
        table = Widgets.tag(new Table(parent, SWT.BORDER | SWT.FULL_SELECTION | SWT.V_SCROLL | SWT.H_SCROLL), "runs.hparams");
        table.setHeaderVisible(true);
        table.setLinesVisible(true);
        GridDataFactory.fillDefaults().grab(true, true).hint(200, 80).applyTo(table);
    }

    public Table table() {
        return table;
    }

    /** Shows these runs (those without hyperparameters are left out). */
    public void setRows(List<Row> all) {
        List<Row> with = all.stream().filter(r -> !r.hparams().isEmpty()).toList();
        List<String> keys = columns(with);
        if (!keys.equals(names)) {
            for (TableColumn c : table.getColumns()) {
                c.dispose();
            }
            names = keys;
            column(Messages.Runs_run, 0);
            for (int i = 0; i < keys.size(); i++) {
                column(keys.get(i), i + 1);
            }
            sortColumn = Math.min(sortColumn, keys.size());
        }
        rows = with;
        fill();
    }

    /** Names that differ between the rows first, then the shared ones; alphabetical within each group. */
    static List<String> columns(List<Row> rows) {
        TreeSet<String> all = new TreeSet<>();
        rows.forEach(r -> all.addAll(r.hparams().keySet()));
        List<String> differ = new ArrayList<>(), same = new ArrayList<>();
        for (String k : all) {
            long distinct = rows.stream().map(r -> r.hparams().getOrDefault(k, "")).distinct().count();
            (distinct > 1 ? differ : same).add(k);
        }
        differ.addAll(same);
        return differ;
    }

    private void column(String title, int index) {
        TableColumn c = new TableColumn(table, SWT.LEFT);
        c.setText(title);
        c.setWidth(index == 0 ? 140 : Math.max(70, 9 * title.length() + 20));
        c.addListener(SWT.Selection, e -> {
            ascending = sortColumn == index ? !ascending : true;
            sortColumn = index;
            table.setSortColumn(c);
            table.setSortDirection(ascending ? SWT.UP : SWT.DOWN);
            fill();
        });
    }

    private String cell(Row r, int column) {
        return column == 0 ? r.run() : r.hparams().getOrDefault(names.get(column - 1), "");
    }

    private void fill() {
        List<Row> sorted = new ArrayList<>(rows);
        Comparator<Row> by = (a, b) -> compare(cell(a, sortColumn), cell(b, sortColumn));
        sorted.sort(ascending ? by : by.reversed());
        table.setRedraw(false);
        try {
            table.removeAll();
            for (Row r : sorted) {
                TableItem item = new TableItem(table, SWT.NONE);
                for (int c = 0; c <= names.size(); c++) {
                    item.setText(c, cell(r, c));
                }
            }
        } finally {
            table.setRedraw(true);
        }
    }

    /** Numbers by value, anything else by text; empty cells last. */
    static int compare(String a, String b) {
        if (a.isEmpty() || b.isEmpty()) {
            return a.isEmpty() == b.isEmpty() ? 0 : a.isEmpty() ? 1 : -1;
        }
        try {
            return Double.compare(Double.parseDouble(a), Double.parseDouble(b));
        } catch (NumberFormatException e) {
            return a.compareTo(b);
        }
    }
}
