package dev.hark.ui.internal;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.viewers.ArrayContentProvider;
import org.eclipse.jface.viewers.CheckboxTableViewer;
import org.eclipse.jface.viewers.ColumnLabelProvider;
import org.eclipse.jface.viewers.ICheckStateProvider;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.jface.viewers.TableViewerColumn;
import org.eclipse.jface.viewers.Viewer;
import org.eclipse.jface.viewers.ViewerComparator;
import org.eclipse.jface.viewers.ViewerFilter;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableColumn;

/**
 * A JFace table of protocol records (models, checkpoints, datasets) with checkboxes, a text filter and
 * sorting by any column (click its header; again to reverse). Rows are identified by a key (the name), so
 * checks and the selection survive a refresh, a filter and a sort. Which rows and in which order: {@link RowView}.
 */
public final class RecordTable<T> {

    private final CheckboxTableViewer viewer;
    private final RowView<T> view;
    private final Function<T, String> key;
    private final Class<T> type;
    private final Set<String> checked = new HashSet<>();

    public RecordTable(Composite parent, String id, Class<T> type, Function<T, String> key, List<Column<T>> columns) {
        this.type = type;
        this.key = key;
        this.view = new RowView<>(columns);
        viewer = CheckboxTableViewer.newCheckList(parent, SWT.BORDER | SWT.FULL_SELECTION | SWT.MULTI);
        Table table = Widgets.tag(viewer.getTable(), id);
        table.setHeaderVisible(true);
        table.setLinesVisible(true);
        for (int i = 0; i < columns.size(); i++) {
            Column<T> c = columns.get(i);
            TableViewerColumn vc = new TableViewerColumn(viewer, SWT.LEFT);
            vc.getColumn().setText(c.header());
            vc.getColumn().setWidth(c.header().length() * 9 + 40);
            vc.setLabelProvider(new ColumnLabelProvider() {
                @Override
                public String getText(Object element) {
                    return type.isInstance(element) ? c.cell(type.cast(element)) : "";
                }
            });
            int index = i;
            vc.getColumn().addListener(SWT.Selection, e -> sortBy(index));
        }
        viewer.setContentProvider(ArrayContentProvider.getInstance());
        // rows are the same row when their keys are: a selection survives new rows of changed records (a run that grew)
        viewer.setComparer(new org.eclipse.jface.viewers.IElementComparer() {
            @Override
            public boolean equals(Object a, Object b) {
                return type.isInstance(a) && type.isInstance(b) ? key.apply(type.cast(a)).equals(key.apply(type.cast(b))) : a == b;
            }

            @Override
            public int hashCode(Object element) {
                return type.isInstance(element) ? key.apply(type.cast(element)).hashCode() : System.identityHashCode(element);
            }
        });
        viewer.setComparator(new ViewerComparator() {
            @Override
            public int compare(Viewer v, Object a, Object b) {
                return view.compare(type.cast(a), type.cast(b));
            }
        });
        viewer.addFilter(new ViewerFilter() {
            @Override
            public boolean select(Viewer v, Object parentElement, Object element) {
                return type.isInstance(element) && view.matches(type.cast(element));
            }
        });
        viewer.setCheckStateProvider(new ICheckStateProvider() {
            @Override
            public boolean isChecked(Object element) {
                return type.isInstance(element) && checked.contains(key.apply(type.cast(element)));
            }

            @Override
            public boolean isGrayed(Object element) {
                return false;
            }
        });
        viewer.addCheckStateListener(e -> {
            String k = key.apply(type.cast(e.getElement()));
            if (e.getChecked()) {
                checked.add(k);
            } else {
                checked.remove(k);
            }
        });
        GridDataFactory.fillDefaults().grab(true, true).hint(200, 120).applyTo(table);
    }

    public Table table() {
        return viewer.getTable();
    }

    public CheckboxTableViewer viewer() {
        return viewer;
    }

    /** Shows {@code rows}; checks of rows that are gone are forgotten. */
    public void setRows(List<T> rows) {
        Set<String> keys = new HashSet<>();
        rows.forEach(r -> keys.add(key.apply(r)));
        checked.retainAll(keys);
        viewer.setInput(List.copyOf(rows));
        packColumns();
    }

    public void setFilter(String text) {
        view.setFilter(text);
        viewer.refresh();
    }

    private void sortBy(int column) {
        view.sortBy(column);
        Table t = viewer.getTable();
        t.setSortColumn(t.getColumn(column));
        t.setSortDirection(view.descending() ? SWT.DOWN : SWT.UP);
        viewer.refresh();
    }

    private void packColumns() {
        for (TableColumn c : viewer.getTable().getColumns()) {
            c.pack(); // as wide as the longest value, so names are never cut off
        }
    }

    /** Keys (names) of the checked rows, in the order shown. */
    public List<String> checkedNames() {
        List<String> out = new ArrayList<>();
        for (Object o : viewer.getCheckedElements()) {
            out.add(key.apply(type.cast(o)));
        }
        return out;
    }

    /** The first selected row, or null. */
    public T selected() {
        Object first = viewer.getStructuredSelection().getFirstElement();
        return type.isInstance(first) ? type.cast(first) : null;
    }

    /** Calls {@code listener} with the first selected row (or null) when the selection changes. */
    public void onSelection(java.util.function.Consumer<T> listener) {
        viewer.addSelectionChangedListener(e -> {
            Object first = ((IStructuredSelection) e.getSelection()).getFirstElement();
            listener.accept(type.isInstance(first) ? type.cast(first) : null);
        });
    }

    /** Checks or unchecks the row with this key (kept when the rows are replaced, as a user's check is). */
    public void setChecked(String rowKey, boolean on) {
        if (on) {
            checked.add(rowKey);
        } else {
            checked.remove(rowKey);
        }
        viewer.refresh();
    }

    /** Calls {@code listener} after the user checked or unchecked a row. */
    public void onCheck(Runnable listener) {
        viewer.addCheckStateListener(e -> listener.run());
    }
}
