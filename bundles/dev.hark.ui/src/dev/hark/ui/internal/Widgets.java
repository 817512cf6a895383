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

    /** A form is never laid out narrower than this (its fields keep their minimum widths on top): below, it scrolls. */
    public static final int FORM_MIN_WIDTH = 320;
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

    /** Recomputes a scrolled form's minimum size: its narrowest layout, and the height it needs at the width it gets. */
    static void fitMinSize(ScrolledComposite scroll) {
        Control content = scroll.getContent();
        if (content == null || content.isDisposed()) {
            return;
        }
        int width = content.computeSize(FORM_MIN_WIDTH, SWT.DEFAULT, true).x;
        int height = content.computeSize(Math.max(width, scroll.getClientArea().width), SWT.DEFAULT, true).y;
        scroll.setMinSize(width, height);
    }

    /**
     * Lays out again after {@code controls} changed their text: their parent, and the scrolled form they are in, whose
     * minimum height may have changed (a wrapped label took another line).
     */
    public static void relayout(Control... controls) {
        if (controls.length == 0 || controls[0].isDisposed()) {
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
