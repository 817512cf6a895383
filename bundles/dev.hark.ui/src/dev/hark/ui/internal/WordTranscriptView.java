package dev.hark.ui.internal;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.StyleRange;
import org.eclipse.swt.custom.StyledText;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Event;

import dev.hark.core.transcript.Segment;

/**
 * The Live view's transcript widget: a read-only {@link StyledText} that applies {@link TranscriptText}
 * updates (one range replacement each, so a repaint costs what changed), shades words by their confidence
 * ({@link Shade}: low confidence red with a squiggle, medium yellow), greys the per-utterance latencies, and
 * tells a word's times and confidence when the mouse rests on it. The words shown are indexed by their offset
 * (a sorted map, as long as the text), so the hover is a lookup.
 */
public final class WordTranscriptView {

    /** How a word is shaded by its confidence. */
    public enum Shade {
        /** Confidence unknown, or at least {@link WordTranscriptView#MEDIUM_BELOW}. */
        NONE,
        /** At least {@link WordTranscriptView#LOW_BELOW}, below {@link WordTranscriptView#MEDIUM_BELOW}. */
        MEDIUM,
        /** Below {@link WordTranscriptView#LOW_BELOW}. */
        LOW
    }

    public static final double LOW_BELOW = 0.5;
    public static final double MEDIUM_BELOW = 0.8;

    private final StyledText text;
    private final TreeMap<Integer, WordAt> words = new TreeMap<>();
    private final Color low = new Color(255, 205, 205);
    private final Color medium = new Color(255, 240, 180);
    private final Color lowLine = new Color(200, 30, 30);

    private record WordAt(int length, Segment.Word word) {
    }

    public WordTranscriptView(Composite parent) {
        text = new StyledText(parent, SWT.BORDER | SWT.MULTI | SWT.WRAP | SWT.V_SCROLL | SWT.READ_ONLY);
        text.setData(WordTranscriptView.class.getName(), this);
        text.addListener(SWT.MouseHover, this::hover);
        text.addListener(SWT.MouseMove, e -> {
            if (text.getToolTipText() != null && wordAt(e.x, e.y) == null) {
                text.setToolTipText(null);
            }
        });
    }

    /** The view that owns {@code control}, or null. */
    public static WordTranscriptView of(org.eclipse.swt.widgets.Control control) {
        return control.getData(WordTranscriptView.class.getName()) instanceof WordTranscriptView v ? v : null;
    }

    public StyledText control() {
        return text;
    }

    public static Shade shade(double confidence) {
        if (Double.isNaN(confidence) || confidence >= MEDIUM_BELOW) {
            return Shade.NONE;
        }
        return confidence < LOW_BELOW ? Shade.LOW : Shade.MEDIUM;
    }

    /** The hover text of a word: its times and confidence. */
    public static String describe(Segment.Word w) {
        String times = String.format(Locale.ROOT, "%.2f–%.2f s", w.start(), w.end());
        String confidence = Double.isNaN(w.confidence()) ? Messages.Live_wordNoConfidence
                : String.format(Locale.ROOT, "%.2f", w.confidence());
        return org.eclipse.osgi.util.NLS.bind(Messages.Live_wordTip, new Object[] { w.text(), times, confidence });
    }

    /** Applies one update from the model and scrolls to the end. */
    public void apply(TranscriptText.Update u) {
        if (u.at() == 0) {
            words.clear();
        } else {
            words.tailMap(u.at(), true).clear();
        }
        text.replaceTextRange(u.at(), u.replace(), u.text());
        for (TranscriptText.Span span : u.spans()) {
            int start = u.at() + span.start();
            StyleRange r = new StyleRange();
            r.start = start;
            r.length = span.length();
            switch (span.style()) {
                case GAP -> r.foreground = text.getDisplay().getSystemColor(SWT.COLOR_DARK_RED);
                case PARTIAL -> {
                    r.foreground = text.getDisplay().getSystemColor(SWT.COLOR_DARK_GRAY);
                    r.fontStyle = SWT.ITALIC;
                }
                case LATENCY -> r.foreground = text.getDisplay().getSystemColor(SWT.COLOR_DARK_GRAY);
                case WORD -> {
                    words.put(start, new WordAt(span.length(), span.word()));
                    switch (shade(span.word().confidence())) {
                        case LOW -> {
                            r.background = low;
                            r.underline = true;
                            r.underlineStyle = SWT.UNDERLINE_SQUIGGLE;
                            r.underlineColor = lowLine;
                        }
                        case MEDIUM -> r.background = medium;
                        case NONE -> {
                            continue; // nothing to draw; the word is still indexed for its tooltip
                        }
                    }
                }
            }
            text.setStyleRange(r);
        }
        text.setTopIndex(Math.max(0, text.getLineCount() - 1));
    }

    /** The word shown at character {@code offset}, or null. */
    public Segment.Word wordAtOffset(int offset) {
        Map.Entry<Integer, WordAt> e = words.floorEntry(offset);
        return e != null && offset < e.getKey() + e.getValue().length() ? e.getValue().word() : null;
    }

    /** Offsets of the words shown (tests hover them). */
    public java.util.NavigableSet<Integer> wordOffsets() {
        return words.navigableKeySet();
    }

    private Segment.Word wordAt(int x, int y) {
        int offset = text.getOffsetAtPoint(new Point(x, y));
        return offset < 0 ? null : wordAtOffset(offset);
    }

    private void hover(Event e) {
        Segment.Word w = wordAt(e.x, e.y);
        text.setToolTipText(w == null ? null : describe(w));
    }
}
