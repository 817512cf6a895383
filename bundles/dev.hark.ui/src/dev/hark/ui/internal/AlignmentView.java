package dev.hark.ui.internal;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.StyleRange;
import org.eclipse.swt.custom.StyledText;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.widgets.Composite;

import dev.hark.core.eval.AlignedWord;
import dev.hark.core.eval.ErrorRate;

/**
 * The word-level diff of a reference and a hypothesis ({@link ErrorRate#alignWords}): matched words plain, a
 * substitution as {@code ~ref→hyp} on amber, an insertion as {@code +word} on green, a deletion as {@code −word} struck
 * through on red. The marks say what each is without the colours; {@link #legend} explains both. Read-only, selectable
 * and reachable with the keyboard (Tab).
 */
public final class AlignmentView {

    static final char SUBSTITUTED = '~', INSERTED = '+', DELETED = '\u2212';

    private final StyledText text;
    private final Color substitution, insertion, deletion;
    private List<AlignedWord> shown = List.of();

    public AlignmentView(Composite parent, String id) {
        text = Widgets.tag(new StyledText(parent, SWT.BORDER | SWT.WRAP | SWT.READ_ONLY | SWT.V_SCROLL), id);
        text.setAlwaysShowScrollBars(false);
        substitution = new Color(255, 221, 140);
        insertion = new Color(190, 235, 190);
        deletion = new Color(250, 190, 190);
        text.addDisposeListener(e -> {
            substitution.dispose();
            insertion.dispose();
            deletion.dispose();
        });
    }

    public StyledText control() {
        return text;
    }

    /** The alignment shown now. */
    public List<AlignedWord> alignment() {
        return shown;
    }

    /** Shows the alignment of {@code hypothesis} against {@code reference} (both as the server normalised them). */
    public void show(String reference, String hypothesis) {
        shown = ErrorRate.alignWords(reference == null ? "" : reference, hypothesis == null ? "" : hypothesis);
        StringBuilder b = new StringBuilder();
        List<StyleRange> styles = new ArrayList<>();
        for (AlignedWord w : shown) {
            if (b.length() > 0) {
                b.append(' ');
            }
            int start = b.length();
            switch (w.kind()) {
                case MATCH -> b.append(w.reference());
                case SUBSTITUTION -> b.append(SUBSTITUTED).append(w.reference()).append('\u2192').append(w.hypothesis());
                case INSERTION -> b.append(INSERTED).append(w.hypothesis());
                case DELETION -> b.append(DELETED).append(w.reference());
            }
            if (w.isEdit()) {
                StyleRange r = new StyleRange(start, b.length() - start, null, switch (w.kind()) {
                    case SUBSTITUTION -> substitution;
                    case INSERTION -> insertion;
                    default -> deletion;
                });
                r.strikeout = w.kind() == AlignedWord.Kind.DELETION;
                r.fontStyle = SWT.BOLD;
                styles.add(r);
            }
        }
        text.setText(b.toString());
        text.setStyleRanges(styles.toArray(StyleRange[]::new));
    }

    /**
     * The legend under the diff: each kind of step as the diff draws it (mark and colour) with its name, so the
     * diff can be read without telling colours apart.
     */
    public StyledText legend(Composite parent, String id) {
        StyledText legend = Widgets.tag(new StyledText(parent, SWT.READ_ONLY | SWT.WRAP), id);
        legend.setBackground(parent.getBackground());
        Object[][] parts = { { Messages.Evaluation_legend + "  ", null, false },
                { "word", null, false }, { " = " + Messages.Evaluation_legendMatch + "   ", null, false },
                { SUBSTITUTED + "ref\u2192hyp", substitution, false }, { " = " + Messages.Evaluation_legendSubstitution + "   ", null, false },
                { INSERTED + "word", insertion, false }, { " = " + Messages.Evaluation_legendInsertion + "   ", null, false },
                { DELETED + "word", deletion, true }, { " = " + Messages.Evaluation_legendDeletion, null, false } };
        StringBuilder b = new StringBuilder();
        List<StyleRange> styles = new ArrayList<>();
        for (Object[] p : parts) {
            int start = b.length();
            b.append((String) p[0]);
            if (p[1] != null) {
                StyleRange r = new StyleRange(start, b.length() - start, null, (Color) p[1]);
                r.strikeout = (Boolean) p[2];
                r.fontStyle = SWT.BOLD;
                styles.add(r);
            }
        }
        legend.setText(b.toString());
        legend.setStyleRanges(styles.toArray(StyleRange[]::new));
        return legend;
    }

    public void clear() {
        shown = List.of();
        text.setText("");
    }
}
