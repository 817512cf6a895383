package dev.hark.ui.internal;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Which rows a record table shows and in which order: a text filter over every cell, and a sort by one
 * column, ascending or descending. No widgets here: the table's {@code ViewerFilter} and
 * {@code ViewerComparator} ask this, and tests can too.
 */
public final class RowView<T> {

    private final List<Column<T>> columns;
    private String filter = "";
    private int sortColumn = -1;
    private boolean descending;

    public RowView(List<Column<T>> columns) {
        this.columns = List.copyOf(columns);
    }

    public List<Column<T>> columns() {
        return columns;
    }

    public void setFilter(String text) {
        filter = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
    }

    /** True when some cell of the row contains the filter text (case ignored), or there is no filter. */
    public boolean matches(T row) {
        if (filter.isEmpty()) {
            return true;
        }
        for (Column<T> c : columns) {
            if (c.cell(row).toLowerCase(Locale.ROOT).contains(filter)) {
                return true;
            }
        }
        return false;
    }

    /** Sorts by {@code column}; the same column again reverses the order. */
    public void sortBy(int column) {
        if (column == sortColumn) {
            descending = !descending;
        } else {
            sortColumn = column;
            descending = false;
        }
    }

    public int sortColumn() {
        return sortColumn;
    }

    public boolean descending() {
        return descending;
    }

    /** 0 when unsorted: the server's order stays. */
    public int compare(T a, T b) {
        if (sortColumn < 0) {
            return 0;
        }
        Comparator<T> order = columns.get(sortColumn).order();
        return descending ? order.compare(b, a) : order.compare(a, b);
    }

    /** The rows shown, in order (what the table shows, for tests and exports). */
    public List<T> apply(List<T> rows) {
        return rows.stream().filter(this::matches).sorted(this::compare).toList();
    }
}
