package dev.hark.app.tests;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.CTabFolder;
import org.eclipse.swt.custom.ScrolledComposite;
import org.eclipse.swt.custom.StyledText;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.ProgressBar;
import org.eclipse.swt.widgets.ScrollBar;
import org.eclipse.swt.widgets.Spinner;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.Text;
import org.eclipse.swt.widgets.ToolBar;
import org.eclipse.swt.widgets.Tree;

/**
 * Checks that a window's controls fit, by their bounds: every visible control lies inside its parent's client area
 * (the content of a {@link ScrolledComposite} may be larger, as long as a scroll bar reaches it), no two visible
 * siblings overlap, and no widget is smaller than it needs to show itself (a button, spinner or one-line label
 * narrower than its text, a text field or list squeezed to nothing). A problem names the control by its test id,
 * its type and text, and the path of ancestors. UI thread only.
 */
final class LayoutCheck {

    /** Rounding slack, in pixels. */
    private static final int SLACK = 1;
    /** Narrower than this, a text field, combo, list or chart is unusable. */
    static final int MIN_FIELD_WIDTH = 40;

    private final List<String> problems = new ArrayList<>();

    private LayoutCheck() {
    }

    /** The problems found under {@code root} (empty when everything fits). */
    static List<String> problems(Control root) {
        LayoutCheck check = new LayoutCheck();
        check.visit(root);
        return check.problems;
    }

    private void visit(Control c) {
        if (!c.isVisible()) {
            return;
        }
        checkSize(c);
        if (!(c instanceof Composite composite) || isLeaf(c)) {
            return;
        }
        Rectangle area = composite.getClientArea();
        Control[] children = composite.getChildren();
        List<Control> shown = new ArrayList<>();
        for (Control child : children) {
            if (child.isVisible() && !(child instanceof org.eclipse.swt.widgets.Shell)) {
                shown.add(child);
            }
        }
        if (composite instanceof ScrolledComposite sc) {
            checkScrollable(sc);
        } else {
            for (Control child : shown) {
                Rectangle b = child.getBounds();
                if (b.width <= 0 || b.height <= 0 || composite instanceof CTabFolder && child instanceof ToolBar) {
                    // empty (reported by checkSize when it matters), or a tab folder's own buttons, which sit in its tab row
                    continue;
                }
                if (b.x < area.x - SLACK || b.y < area.y - SLACK || b.x + b.width > area.x + area.width + SLACK
                        || b.y + b.height > area.y + area.height + SLACK) {
                    problems.add("clipped: " + describe(child) + " at " + b + " outside its parent's client area " + area + " in "
                            + path(composite));
                }
            }
        }
        if (!(composite instanceof CTabFolder)) { // a tab folder's children are its pages and its own buttons
            for (int i = 0; i < shown.size(); i++) {
                for (int j = i + 1; j < shown.size(); j++) {
                    Rectangle a = shown.get(i).getBounds();
                    Rectangle b = shown.get(j).getBounds();
                    Rectangle common = a.intersection(b);
                    if (a.width > 0 && b.width > 0 && a.height > 0 && b.height > 0 && common.width > SLACK && common.height > SLACK) {
                        problems.add("overlap: " + describe(shown.get(i)) + " " + a + " and " + describe(shown.get(j)) + " " + b + " in "
                                + path(composite));
                    }
                }
            }
        }
        for (Control child : shown) {
            visit(child);
        }
    }

    /** The content of a scrolled composite may be larger than it, but then a scroll bar must reach the rest. */
    private void checkScrollable(ScrolledComposite sc) {
        Control content = sc.getContent();
        if (content == null || !content.isVisible()) {
            return;
        }
        Rectangle area = sc.getClientArea();
        Point size = content.getSize();
        ScrollBar h = sc.getHorizontalBar();
        ScrollBar v = sc.getVerticalBar();
        if (size.x > area.width + SLACK && (h == null || !h.isVisible())) {
            problems.add("unreachable: " + describe(content) + " is " + size.x + " wide in " + area.width + " px without a horizontal scroll bar, in "
                    + path(sc));
        }
        if (size.y > area.height + SLACK && (v == null || !v.isVisible())) {
            problems.add("unreachable: " + describe(content) + " is " + size.y + " high in " + area.height + " px without a vertical scroll bar, in "
                    + path(sc));
        }
    }

    /** Widgets whose children are their own business (the chart's plot area, a combo's parts, the table's editor). */
    private static boolean isLeaf(Control c) {
        return c instanceof Combo || c instanceof Spinner || c instanceof Table || c instanceof Tree || c instanceof StyledText
                || c instanceof ToolBar || c.getClass().getName().startsWith("org.eclipse.swtchart.");
    }

    private void checkSize(Control c) {
        if (!ownWidget(c)) {
            return;
        }
        if (c.getClass().getName().equals("org.eclipse.swtchart.Chart")) {
            checkChartInSight(c);
        }
        Point size = c.getSize();
        if (c instanceof Button || c instanceof Spinner || c instanceof Label l && (l.getStyle() & SWT.WRAP) == 0 && !l.getText().isEmpty()) {
            Point wanted = c.computeSize(SWT.DEFAULT, SWT.DEFAULT);
            if (size.x < wanted.x - SLACK || size.y < wanted.y - 2 * SLACK) {
                problems.add("too small: " + describe(c) + " is " + size.x + "x" + size.y + ", needs " + wanted.x + "x" + wanted.y + ", in "
                        + path(c.getParent()));
            }
        } else if (c instanceof Label l && !l.getText().isEmpty()) {
            Point wanted = c.computeSize(size.x, SWT.DEFAULT);
            if (size.y < wanted.y - 2 * SLACK) {
                problems.add("too small: " + describe(c) + " (wrapping) is " + size.x + "x" + size.y + ", needs " + wanted.y + " high at that width, in "
                        + path(c.getParent()));
            }
        } else if (c instanceof Text || c instanceof Combo || c instanceof Table || c instanceof StyledText || c instanceof ProgressBar
                || c instanceof org.eclipse.swt.widgets.List || c.getClass().getName().equals("org.eclipse.swtchart.Chart")) {
            int minHeight = Math.min(c.computeSize(SWT.DEFAULT, SWT.DEFAULT).y, 16);
            if (size.x < MIN_FIELD_WIDTH || size.y < minHeight) {
                problems.add("too small: " + describe(c) + " is " + size.x + "x" + size.y + ", in " + path(c.getParent()));
            }
        }
    }

    /**
     * A chart partly scrolled out of sight is a problem of its own: GTK does not clip its painting to the scrolled form, so
     * it paints over whatever is next to the form (issue 13: "the training charts paint over the neighbouring view's tabs").
     */
    private void checkChartInSight(Control chart) {
        for (Composite p = chart.getParent(); p != null; p = p.getParent()) {
            if (p instanceof ScrolledComposite sc) {
                Rectangle seen = sc.getDisplay().map(sc, null, sc.getClientArea());
                Rectangle at = chart.getDisplay().map(chart.getParent(), null, chart.getBounds());
                if (!seen.contains(at.x, at.y) || !seen.contains(at.x + at.width - 1, at.y + at.height - 1)) {
                    problems.add("chart out of sight: " + describe(chart) + " at " + at + " is partly outside the visible area " + seen
                            + " of its scrolled form, and paints over the neighbouring views, in " + path(chart.getParent()));
                }
                return;
            }
        }
    }

    /** Hark's widgets: everything inside a part or a dialog, not the workbench's own trim (its toolbars and tabs). */
    private static boolean ownWidget(Control c) {
        for (Control p = c; p != null; p = p.getParent()) {
            Object model = p.getData("modelElement");
            if (model instanceof org.eclipse.e4.ui.model.application.ui.basic.MPart
                    || model instanceof org.eclipse.e4.ui.model.application.ui.menu.MToolControl) {
                return true;
            }
            if (p instanceof org.eclipse.swt.widgets.Shell s && s.getParent() != null) {
                return true; // a dialog
            }
        }
        return false;
    }

    static String describe(Control c) {
        StringBuilder b = new StringBuilder(c.getClass().getSimpleName());
        Object id = c.getData(dev.hark.app.parts.ConnectionPart.WIDGET_ID);
        if (id != null) {
            b.append('[').append(id).append(']');
        }
        String text = text(c);
        if (text != null && !text.isEmpty()) {
            b.append(" \"").append(text.length() > 40 ? text.substring(0, 40) + "..." : text).append('"');
        }
        return b.toString();
    }

    static String text(Control c) {
        return switch (c) {
            case Label l -> l.getText();
            case Button btn -> btn.getText();
            case Text t -> t.getText();
            case Combo co -> co.getText();
            default -> null;
        };
    }

    /** The chain of ancestors, naming the part a control is in. */
    static String path(Control c) {
        StringBuilder b = new StringBuilder();
        for (Control p = c; p != null; p = p.getParent()) {
            Object model = p.getData("modelElement");
            String name = model instanceof org.eclipse.e4.ui.model.application.ui.MUIElement e ? e.getElementId() : null;
            if (name != null) {
                b.insert(0, "/" + name);
                if (model instanceof org.eclipse.e4.ui.model.application.ui.basic.MPart) {
                    break;
                }
            } else if (p == c || p.getData(dev.hark.app.parts.ConnectionPart.WIDGET_ID) != null) {
                b.insert(0, "/" + describe(p));
            }
            if (p instanceof org.eclipse.swt.widgets.Shell s) {
                b.insert(0, "Shell \"" + s.getText() + "\"");
                break;
            }
        }
        return b.toString();
    }
}
