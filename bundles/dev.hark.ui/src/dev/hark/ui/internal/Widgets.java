package dev.hark.ui.internal;

import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.ScrolledComposite;
import org.eclipse.swt.layout.FillLayout;
import org.eclipse.swt.layout.RowLayout;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Widget;

/**
 * Tags widgets so that tests (and accessibility tools) find them by a stable id; and the layout pieces every view uses
 * so that it fits any window (issue 13): a form that scrolls when the part is smaller than it, labels that wrap,
 * button rows that wrap, dialogs whose buttons speak the UI language.
 */
public final class Widgets {

    /** The key of {@link dev.hark.core.WidgetIds}, shared with the app's parts. */
    public static final String ID = dev.hark.core.WidgetIds.KEY;

    /** Key of the form's data: the number of grid columns to fall back to when the form is narrower than its wide layout. */
    private static final String NARROW_COLUMNS = "hark.narrowColumns";
    private static final String WIDE_COLUMNS = "hark.wideColumns";
    /** Key of a label's data: the text it had when last laid out by {@link #relayout}. */
    private static final String LAID_OUT = "hark.laidOutText";
    /** Width hint of a wrapping label: it takes the width it is given and wraps, instead of widening the form. */
    private static final int WRAP_HINT = 120;

    private Widgets() {
    }

    /** Asks for an audio file Hark can read; null when cancelled. */
    public static String chooseAudioFile(org.eclipse.swt.widgets.Shell shell) {
        org.eclipse.swt.widgets.FileDialog d = new org.eclipse.swt.widgets.FileDialog(shell, org.eclipse.swt.SWT.OPEN);
        d.setFilterExtensions(new String[] { "*.wav;*.aif;*.aiff;*.au", "*.*" });
        return d.open();
    }

    public static <W extends Widget> W tag(W widget, String id) {
        widget.setData(ID, id);
        return widget;
    }

    /**
     * A part's form: a composite inside a {@link ScrolledComposite} that fills the part. The form takes the whole part
     * when there is room (its tables and text areas grow) and keeps its minimum size when there is not: then scroll bars
     * reach the rest, instead of controls being cut off or squeezed to nothing. Give the returned composite its layout.
     */
    public static Composite scrolledForm(Composite part) {
        part.setLayout(new FillLayout());
        ScrolledComposite scroll = new ScrolledComposite(part, SWT.H_SCROLL | SWT.V_SCROLL);
        scroll.setExpandHorizontal(true);
        scroll.setExpandVertical(true);
        Composite form = new Composite(scroll, SWT.NONE);
        scroll.setContent(form);
        scroll.addListener(SWT.Resize, e -> fitMinSize(scroll));
        return form;
    }

    /**
     * A form with a grid of label/field pairs in {@code wide} columns that falls back to {@code narrow} columns (one pair a
     * line) when the part is narrower than the wide grid: the form scrolls down rather than sideways.
     */
    public static void narrowColumns(Composite form, int wide, int narrow) {
        form.setData(WIDE_COLUMNS, wide);
        form.setData(NARROW_COLUMNS, narrow);
    }

    /** A scrolled form above a pane that does not scroll; see {@link Widgets#formAbovePane}. */
    public record FormAndPane(Composite form, Composite pane) {
    }

    /**
     * A part split in two, one above the other, with a sash between them: a {@link #scrolledForm} on top and a pane that
     * never scrolls below, for what must not be scrolled partly out of sight: a chart does not clip its painting to a
     * scrolled form on GTK and would paint over the neighbouring views. The pane has a one-column grid layout. When the
     * part is resized, the form gets the height it needs, up to {@code maxFormShare} of the part (the sash moves it later).
     */
    public static FormAndPane formAbovePane(Composite part, double maxFormShare) {
        part.setLayout(new FillLayout());
        org.eclipse.swt.custom.SashForm split = new org.eclipse.swt.custom.SashForm(part, SWT.VERTICAL);
        Composite top = new Composite(split, SWT.NONE);
        Composite form = scrolledForm(top);
        Composite pane = new Composite(split, SWT.NONE);
        org.eclipse.jface.layout.GridLayoutFactory.swtDefaults().applyTo(pane);
        split.addListener(SWT.Resize, e -> {
            org.eclipse.swt.graphics.Rectangle area = split.getClientArea();
            if (area.height > 0) {
                chooseColumns(form, area.width);
                int formHeight = Math.max(1, Math.min(form.computeSize(area.width, SWT.DEFAULT, true).y + 4,
                        (int) (area.height * maxFormShare)));
                split.setWeights(formHeight, Math.max(1, area.height - formHeight));
            }
        });
        return new FormAndPane(form, pane);
    }

    /**
     * Recomputes a scrolled form's minimum size: the width its controls prefer (fields have width hints, labels that wrap
     * have small ones, so this is the narrowest layout that cuts nothing off), and the height it needs at the width it
     * gets. Picks the narrow grid of {@link #narrowColumns} when the wide one does not fit.
     */
    static void fitMinSize(ScrolledComposite scroll) {
        if (!(scroll.getContent() instanceof Composite content) || content.isDisposed()) {
            return;
        }
        int available = scroll.getClientArea().width;
        chooseColumns(content, available);
        int width = content.computeSize(SWT.DEFAULT, SWT.DEFAULT, true).x;
        int height = content.computeSize(Math.max(width, available), SWT.DEFAULT, true).y;
        scroll.setMinSize(width, height);
    }

    /**
     * A grid of {@code cells} equal cells (charts) in two rows, or in one row when it is too low for two rows of
     * {@code minCellHeight} and wide enough for one of {@code minCellWidth} cells.
     */
    public static void rowWhenLow(Composite grid, int cells, int minCellWidth, int minCellHeight) {
        grid.addListener(SWT.Resize, e -> {
            if (grid.getLayout() instanceof org.eclipse.swt.layout.GridLayout layout) {
                org.eclipse.swt.graphics.Rectangle area = grid.getClientArea();
                int columns = area.height < 2 * minCellHeight && area.width >= cells * minCellWidth ? cells : (cells + 1) / 2;
                if (layout.numColumns != columns) {
                    layout.numColumns = columns;
                    grid.layout(true);
                }
            }
        });
    }

    /** The wide grid of {@link #narrowColumns} if it fits in {@code available} pixels, else the narrow one. */
    static void chooseColumns(Composite content, int available) {
        if (content.getLayout() instanceof org.eclipse.swt.layout.GridLayout grid && content.getData(WIDE_COLUMNS) instanceof Integer wide
                && content.getData(NARROW_COLUMNS) instanceof Integer narrow) {
            int before = grid.numColumns;
            grid.numColumns = wide;
            if (content.computeSize(SWT.DEFAULT, SWT.DEFAULT, true).x > available) {
                grid.numColumns = narrow;
            }
            if (grid.numColumns != before) {
                content.layout(true);
            }
        }
    }

    /** A field's grid cell: grows with the form, starts from {@code width} (not from its text's length) and never shrinks below it. */
    public static org.eclipse.jface.layout.GridDataFactory field(int width) {
        return GridDataFactory.fillDefaults().grab(true, false).hint(width, SWT.DEFAULT).minSize(width, SWT.DEFAULT);
    }

    /**
     * Lays out again after {@code controls} changed their text: their parent, and the scrolled form they are in, whose
     * minimum height may have changed (a wrapped label took another line).
     */
    public static void relayout(Control... controls) {
        if (controls.length == 0 || controls[0].isDisposed()) {
            return;
        }
        boolean changed = false;
        for (Control c : controls) { // views repaint many times a second: lay out only when a text changed
            String text = c instanceof Label l ? l.getText() : null;
            if (text == null || !text.equals(c.getData(LAID_OUT))) {
                c.setData(LAID_OUT, text);
                changed = true;
            }
        }
        if (!changed) {
            return;
        }
        Composite parent = controls[0].getParent();
        parent.layout(controls);
        for (Composite p = parent; p != null; p = p.getParent()) {
            if (p instanceof ScrolledComposite scroll) {
                fitMinSize(scroll);
                break;
            }
        }
    }

    /** A label that wraps at the width its cell gets, spanning {@code span} columns of a grid. */
    public static Label wrappingLabel(Composite parent, String id, int span) {
        Label label = tag(new Label(parent, SWT.WRAP), id);
        GridDataFactory.fillDefaults().span(span, 1).grab(true, false).hint(WRAP_HINT, SWT.DEFAULT).applyTo(label);
        return label;
    }

    /** A row of buttons that wraps onto more lines when the form is narrow, spanning {@code span} columns of a grid. */
    public static Composite buttonBar(Composite parent, int span) {
        Composite bar = new Composite(parent, SWT.NONE);
        RowLayout row = new RowLayout(SWT.HORIZONTAL);
        row.wrap = true;
        row.marginLeft = row.marginTop = row.marginRight = row.marginBottom = 0;
        row.center = true;
        bar.setLayout(row);
        GridDataFactory.fillDefaults().span(span, 1).grab(true, false).hint(WRAP_HINT, SWT.DEFAULT).applyTo(bar);
        return bar;
    }

    /** Asks to confirm, with buttons in the UI language; true for OK. */
    public static boolean confirm(Shell shell, String title, String message) {
        return new MessageDialog(shell, title, null, message, MessageDialog.CONFIRM, 0, Messages.Common_ok, Messages.Common_cancel).open() == 0;
    }

    /** Tells something, with an OK in the UI language. */
    public static void inform(Shell shell, String title, String message) {
        new MessageDialog(shell, title, null, message, MessageDialog.INFORMATION, 0, Messages.Common_ok).open();
    }

    /** Reports an error, with an OK in the UI language. */
    public static void error(Shell shell, String message) {
        new MessageDialog(shell, Messages.Common_error, null, message, MessageDialog.ERROR, 0, Messages.Common_ok).open();
    }
}
