package dev.hark.ui.internal;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.GridLayoutFactory;
import org.eclipse.jface.viewers.ArrayContentProvider;
import org.eclipse.jface.viewers.ColumnLabelProvider;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.jface.viewers.TableViewer;
import org.eclipse.jface.viewers.TableViewerColumn;
import org.eclipse.jface.viewers.Viewer;
import org.eclipse.jface.viewers.ViewerComparator;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.SashForm;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableColumn;

import dev.hark.protocol.runs.EvaluationRecord;
import dev.hark.protocol.runs.EvaluationUtterance;

/**
 * An evaluation's result: the summary line (WER, CER, utterances, failed, latency p50/p95), the utterances in a table
 * sortable by any column (click its header, again to reverse; at first by word errors, most first), and the word
 * diff of the selected utterance's reference and hypothesis ({@link AlignmentView}) with its legend.
 */
public final class EvaluationPanel {

    private record Col(String header, int width, Function<EvaluationUtterance, String> text, Comparator<EvaluationUtterance> order) {
    }

    private final Composite root;
    private final Label summary;
    private final Label selection;
    private final TableViewer table;
    private final AlignmentView diff;
    private final List<Col> columns;
    private int sortColumn = 2;
    private boolean descending = true;

    public EvaluationPanel(Composite parent) {
        root = new Composite(parent, SWT.NONE);
        GridLayoutFactory.fillDefaults().margins(4, 4).applyTo(root);
        summary = Widgets.tag(new Label(root, SWT.WRAP), "evaluation.summary");
        GridDataFactory.fillDefaults().grab(true, false).hint(600, SWT.DEFAULT).applyTo(summary);
        SashForm sash = new SashForm(root, SWT.VERTICAL);
        GridDataFactory.fillDefaults().grab(true, true).applyTo(sash);
        table = new TableViewer(sash, SWT.BORDER | SWT.FULL_SELECTION | SWT.SINGLE);
        Table t = Widgets.tag(table.getTable(), "evaluation.table");
        t.setHeaderVisible(true);
        t.setLinesVisible(true);
        columns = List.of(
                new Col(Messages.Evaluation_colId, 150, EvaluationUtterance::id, Comparator.comparing(EvaluationUtterance::id)),
                new Col(Messages.Evaluation_colWer, 70, u -> EvaluationText.percent(EvaluationText.wer(u)),
                        Comparator.comparingDouble(EvaluationText::wer)),
                new Col(Messages.Evaluation_colEdits, 70, u -> u.wordEdits() + " / " + u.referenceWords(),
                        Comparator.comparingInt(EvaluationUtterance::wordEdits).thenComparingDouble(EvaluationText::wer)),
                new Col(Messages.Evaluation_colFirstPartial, 120, u -> EvaluationText.millis(u.firstPartialMs()),
                        Comparator.comparingLong(u -> u.firstPartialMs() == null ? -1 : u.firstPartialMs())),
                new Col(Messages.Evaluation_colFinal, 90, u -> EvaluationText.millis(u.finalMs()),
                        Comparator.comparingLong(u -> u.finalMs() == null ? -1 : u.finalMs())),
                new Col(Messages.Evaluation_colReference, 260, EvaluationUtterance::reference, Comparator.comparing(EvaluationUtterance::reference)),
                new Col(Messages.Evaluation_colHypothesis, 260, u -> u.error().isEmpty() ? u.hypothesis() : "[" + u.error() + "]",
                        Comparator.comparing(EvaluationUtterance::hypothesis)));
        for (int i = 0; i < columns.size(); i++) {
            Col c = columns.get(i);
            TableViewerColumn vc = new TableViewerColumn(table, SWT.LEFT);
            vc.getColumn().setText(c.header());
            vc.getColumn().setWidth(c.width());
            vc.setLabelProvider(new ColumnLabelProvider() {
                @Override
                public String getText(Object element) {
                    return c.text().apply((EvaluationUtterance) element);
                }
            });
            int index = i;
            vc.getColumn().addListener(SWT.Selection, e -> sortBy(index));
        }
        table.setContentProvider(ArrayContentProvider.getInstance());
        table.setComparator(new ViewerComparator() {
            @Override
            public int compare(Viewer v, Object a, Object b) {
                int c = columns.get(sortColumn).order().compare((EvaluationUtterance) a, (EvaluationUtterance) b);
                return descending ? -c : c;
            }
        });
        showSort();
        Composite bottom = new Composite(sash, SWT.NONE);
        GridLayoutFactory.fillDefaults().applyTo(bottom);
        selection = Widgets.tag(new Label(bottom, SWT.NONE), "evaluation.selected");
        GridDataFactory.fillDefaults().grab(true, false).applyTo(selection);
        diff = new AlignmentView(bottom, "evaluation.diff");
        GridDataFactory.fillDefaults().grab(true, true).hint(600, 60).applyTo(diff.control());
        GridDataFactory.fillDefaults().grab(true, false).hint(600, SWT.DEFAULT).applyTo(diff.legend(bottom, "evaluation.legend"));
        sash.setWeights(3, 2);
        table.addSelectionChangedListener(e -> showSelected());
    }

    public Composite control() {
        return root;
    }

    public TableViewer table() {
        return table;
    }

    public AlignmentView diff() {
        return diff;
    }

    /** Shows {@code r} (its utterances, if it has them); the first row (most errors) is selected. */
    public void show(EvaluationRecord r) {
        summary.setText(EvaluationText.summary(r));
        List<EvaluationUtterance> rows = r.utterances() == null ? List.of() : r.utterances();
        table.setInput(rows);
        if (!rows.isEmpty()) {
            table.getTable().setSelection(0);
            showSelected();
        } else {
            diff.clear();
            selection.setText("");
        }
        root.layout(true, true);
    }

    private void sortBy(int index) {
        descending = index == sortColumn ? !descending : index >= 1 && index <= 4; // numbers: largest first
        sortColumn = index;
        showSort();
        table.refresh();
    }

    private void showSort() {
        Table t = table.getTable();
        TableColumn c = t.getColumn(sortColumn);
        t.setSortColumn(c);
        t.setSortDirection(descending ? SWT.DOWN : SWT.UP);
    }

    private void showSelected() {
        Object o = ((IStructuredSelection) table.getSelection()).getFirstElement();
        if (o instanceof EvaluationUtterance u) {
            selection.setText(String.format(Locale.ROOT, "%s \u2014 %s", u.id(), EvaluationText.percent(EvaluationText.wer(u)))
                    + (u.error().isEmpty() ? "" : " \u2014 " + u.error()));
            diff.show(u.reference(), u.hypothesis());
        }
    }
}
