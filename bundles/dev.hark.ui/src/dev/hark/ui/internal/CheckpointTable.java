package dev.hark.ui.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.GridLayoutFactory;
import org.eclipse.jface.viewers.ArrayContentProvider;
import org.eclipse.jface.viewers.ColumnLabelProvider;
import org.eclipse.jface.viewers.TableViewer;
import org.eclipse.jface.viewers.TableViewerColumn;
import org.eclipse.jface.viewers.Viewer;
import org.eclipse.jface.viewers.ViewerComparator;
import org.eclipse.osgi.util.NLS;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.RowLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Menu;
import org.eclipse.swt.widgets.MenuItem;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableColumn;

import dev.hark.core.runs.RunKey;
import dev.hark.protocol.runs.CheckpointInfo;

/**
 * The checkpoints of one run (the Runs view's selected run): a sortable JFace table of their name, epoch, step,
 * validation loss, CER and WER, an evaluation's WER and CER (blank until evaluated) and when each was saved; a line
 * under it says what is shown (which run's), or why nothing is (no run selected, a run without checkpoints, an error),
 * in red for errors. Actions on the selected checkpoint ({@link #addAction}) are buttons under the table and items of its context
 * menu, enabled only while a checkpoint is selected; the first one is also the table's default action (Enter,
 * double-click). Ids: {@code runs.checkpoints} (table), {@code runs.checkpoints.message}.
 */
public final class CheckpointTable {

    /** A checkpoint of a run, as actions get it. */
    public record Selected(RunKey run, String runName, CheckpointInfo checkpoint) {
    }

    private final TableViewer viewer;
    private final RowView<CheckpointInfo> view;
    private final Composite actions;
    private final Menu menu;
    private final Label message;
    private final List<Button> buttons = new ArrayList<>();
    private final List<MenuItem> items = new ArrayList<>();
    private Consumer<Selected> defaultAction;
    private RunKey run;
    private String runName = "";
    private List<CheckpointInfo> rows = List.of();
    /** Whether the line under the table is an action's ({@link #say}) rather than about what is shown. */
    private boolean actionLine;

    public CheckpointTable(Composite parent) {
        Composite box = new Composite(parent, SWT.NONE);
        GridLayoutFactory.fillDefaults().numColumns(2).applyTo(box);
        GridDataFactory.fillDefaults().grab(true, true).applyTo(box);
        view = new RowView<>(CheckpointColumns.columns());
        viewer = new TableViewer(box, SWT.BORDER | SWT.FULL_SELECTION | SWT.SINGLE | SWT.V_SCROLL | SWT.H_SCROLL);
        Table table = Widgets.tag(viewer.getTable(), "runs.checkpoints");
        table.setHeaderVisible(true);
        table.setLinesVisible(true);
        List<Column<CheckpointInfo>> columns = view.columns();
        for (int i = 0; i < columns.size(); i++) {
            Column<CheckpointInfo> c = columns.get(i);
            TableViewerColumn vc = new TableViewerColumn(viewer, SWT.LEFT);
            vc.getColumn().setText(c.header());
            vc.getColumn().setWidth(c.header().length() * 9 + 30);
            vc.setLabelProvider(new ColumnLabelProvider() {
                @Override
                public String getText(Object element) {
                    return element instanceof CheckpointInfo ci ? c.cell(ci) : "";
                }
            });
            int index = i;
            vc.getColumn().addListener(SWT.Selection, e -> sortBy(index));
        }
        viewer.setContentProvider(ArrayContentProvider.getInstance());
        viewer.setComparator(new ViewerComparator() {
            @Override
            public int compare(Viewer v, Object a, Object b) {
                return view.compare((CheckpointInfo) a, (CheckpointInfo) b);
            }
        });
        viewer.addSelectionChangedListener(e -> enable());
        viewer.addDoubleClickListener(e -> runDefault()); // Enter and double-click both
        GridDataFactory.fillDefaults().span(2, 1).grab(true, true).hint(200, 80).applyTo(table);
        menu = new Menu(table);
        table.setMenu(menu);
        // under the table, one line: what is shown (the run's name) or what happened, and the actions at its end
        message = Widgets.tag(new Label(box, SWT.WRAP), "runs.checkpoints.message");
        GridDataFactory.fillDefaults().grab(true, false).align(SWT.FILL, SWT.CENTER).hint(100, SWT.DEFAULT).applyTo(message);
        actions = new Composite(box, SWT.NONE);
        RowLayout row = new RowLayout(SWT.HORIZONTAL);
        row.wrap = false;
        row.center = true;
        row.marginLeft = row.marginRight = row.marginTop = row.marginBottom = 0;
        actions.setLayout(row);
        GridDataFactory.fillDefaults().align(SWT.END, SWT.CENTER).applyTo(actions);

        clear();
    }

    /**
     * Adds an action on the selected checkpoint (the hook for more: evaluation): a button under the table and an item
     * of its context menu, both enabled only while a checkpoint is selected. The first action added is also what Enter
     * and a double-click do. {@code text} may have a mnemonic ({@code &}); {@code id} tags the button.
     */
    public Button addAction(String text, String id, Consumer<Selected> action) {
        Objects.requireNonNull(action, "action");
        Button b = Widgets.tag(new Button(actions, SWT.PUSH), id);
        b.setText(text);
        b.addListener(SWT.Selection, e -> act(action));
        buttons.add(b);
        MenuItem item = new MenuItem(menu, SWT.PUSH);
        item.setText(text);
        item.addListener(SWT.Selection, e -> act(action));
        items.add(item);
        if (defaultAction == null) {
            defaultAction = action;
        }
        enable();
        actions.getParent().layout(true, true);
        return b;
    }

    private void act(Consumer<Selected> action) {
        Selected s = selected();
        if (s == null) {
            status(Messages.Runs_selectCheckpoint);
        } else {
            action.accept(s);
        }
    }

    private void runDefault() {
        if (defaultAction != null) {
            act(defaultAction);
        }
    }

    private void enable() {
        boolean on = selected() != null;
        buttons.forEach(b -> b.setEnabled(on));
        items.forEach(i -> i.setEnabled(on));
    }

    /** The run shown, or null. */
    public RunKey run() {
        return run;
    }

    /** The selected checkpoint with its run, or null. */
    public Selected selected() {
        Object first = viewer.getStructuredSelection().getFirstElement();
        return first instanceof CheckpointInfo c && run != null ? new Selected(run, runName, c) : null;
    }

    /** The checkpoints shown (in the source's order). */
    public List<CheckpointInfo> rows() {
        return rows;
    }

    /**
     * No run: an empty table asking for one. A line an action left ({@link #say}, e.g. "deleted run ...", which is why
     * the run went) stays.
     */
    public void clear() {
        run = null;
        runName = "";
        setRows(List.of());
        if (!actionLine) {
            status(Messages.Runs_selectForCheckpoints);
        }
    }

    /** A run's checkpoints are being read: its name on the line, the old rows gone. */
    public void loading(RunKey key, String name) {
        run = key;
        runName = name;
        setRows(List.of());
        status(NLS.bind(Messages.Runs_checkpointsLoading, name));
    }

    /**
     * A run's checkpoints; an empty list says that the run has none. The selection is kept by name; when it is the run
     * shown already, a line an action left stays.
     */
    public void show(RunKey key, String name, List<CheckpointInfo> checkpoints) {
        boolean again = key.equals(run);
        run = key;
        runName = name;
        setRows(checkpoints);
        if (!(again && actionLine)) { // the same run read again (a new epoch) leaves an action's line (an error) in place
            status(checkpoints.isEmpty() ? NLS.bind(Messages.Runs_noCheckpoints, name)
                    : NLS.bind(Messages.Runs_checkpointsCount, checkpoints.size(), name));
        }
    }

    /**
     * Replaces the row of the checkpoint of the same name (e.g. with an evaluation's numbers); false when it is not
     * shown.
     */
    public boolean update(CheckpointInfo changed) {
        List<CheckpointInfo> next = new ArrayList<>(rows);
        for (int i = 0; i < next.size(); i++) {
            if (next.get(i).name().equals(changed.name())) {
                next.set(i, changed);
                setRows(next);
                return true;
            }
        }
        return false;
    }

    /** A line under the table: what an action did, or an error (in red). It stays until another run is shown. */
    public void say(String text, boolean error) {
        line(text, error);
        actionLine = true;
    }

    /** A line about what the table shows. */
    private void status(String text) {
        line(text, false);
        actionLine = false;
    }

    private void line(String text, boolean error) {
        message.setForeground(error ? message.getDisplay().getSystemColor(SWT.COLOR_RED) : null);
        if (!message.getText().equals(text)) {
            message.setText(text);
            message.getParent().layout(new org.eclipse.swt.widgets.Control[] { message });
        }
    }

    public Table table() {
        return viewer.getTable();
    }

    private void setRows(List<CheckpointInfo> checkpoints) {
        String keep = selected() == null ? null : selected().checkpoint().name();
        rows = List.copyOf(checkpoints);
        viewer.setInput(rows);
        if (keep != null) {
            rows.stream().filter(c -> c.name().equals(keep)).findFirst()
                    .ifPresent(c -> viewer.setSelection(new org.eclipse.jface.viewers.StructuredSelection(c)));
        }
        for (TableColumn c : viewer.getTable().getColumns()) {
            c.pack();
        }
        enable();
    }

    private void sortBy(int column) {
        view.sortBy(column);
        Table t = viewer.getTable();
        t.setSortColumn(t.getColumn(column));
        t.setSortDirection(view.descending() ? SWT.DOWN : SWT.UP);
        viewer.refresh();
    }
}
