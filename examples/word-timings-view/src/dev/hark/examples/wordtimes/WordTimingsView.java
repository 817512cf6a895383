package dev.hark.examples.wordtimes;

import java.util.List;
import java.util.Locale;
import java.util.ResourceBundle;
import java.util.concurrent.atomic.AtomicBoolean;

import org.eclipse.e4.core.di.annotations.Optional;
import org.eclipse.e4.core.di.extensions.EventTopic;
import org.eclipse.e4.ui.di.Focus;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableColumn;
import org.eclipse.swt.widgets.TableItem;

import dev.hark.core.transcript.LiveTranscript;
import dev.hark.core.transcript.Segment;
import dev.hark.core.transcript.TranscriptTopics;
import jakarta.annotation.PostConstruct;
import jakarta.inject.Inject;

/**
 * Every word of the live transcript with its start, end, length and confidence (the Live view shades words by
 * confidence but does not list their numbers). Reads the transcript through Hark's public API only: the
 * {@link LiveTranscript} service once when it opens (it may open mid-session), then the {@link TranscriptTopics}
 * events. Events arrive on EventAdmin's thread and only store state; the table is brought up to date at most ten times
 * a second by one {@code asyncExec}, rows appended, never rebuilt (except after Clear).
 */
public class WordTimingsView {

    private static final ResourceBundle TEXT = ResourceBundle.getBundle("dev.hark.examples.wordtimes.messages", Locale.getDefault(),
            WordTimingsView.class.getClassLoader());

    @Inject
    @Optional
    private LiveTranscript live;

    private Table table;
    private Label summary;
    private Label partial;
    private Display display;
    /** finished segments seen, in order (EventAdmin's thread appends, the UI thread reads) */
    private final java.util.concurrent.CopyOnWriteArrayList<Segment> finished = new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile String partialText = "";
    private volatile boolean cleared;
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private int shownSegments;
    private int words;
    private double confidenceSum;
    private int confidenceCount;

    @PostConstruct
    public void create(Composite parent) {
        display = parent.getDisplay();
        parent.setLayout(new GridLayout(1, false));
        summary = new Label(parent, SWT.WRAP);
        summary.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false));
        partial = new Label(parent, SWT.WRAP);
        partial.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false));
        partial.setForeground(display.getSystemColor(SWT.COLOR_DARK_GRAY));
        table = new Table(parent, SWT.BORDER | SWT.FULL_SELECTION | SWT.MULTI | SWT.V_SCROLL);
        table.setHeaderVisible(true);
        table.setLinesVisible(true);
        table.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
        column("col.utterance", 50, SWT.RIGHT);
        column("col.word", 160, SWT.LEFT);
        column("col.start", 80, SWT.RIGHT);
        column("col.end", 80, SWT.RIGHT);
        column("col.duration", 90, SWT.RIGHT);
        column("col.confidence", 90, SWT.RIGHT);
        if (live != null) {
            for (Segment s : live.snapshot()) {
                store(s);
            }
        }
        repaint();
    }

    private void column(String key, int width, int align) {
        TableColumn c = new TableColumn(table, align);
        c.setText(TEXT.getString(key));
        c.setWidth(width);
    }

    // ---- events: store, then ask for one bounded repaint ----

    @Inject
    @Optional
    void onFinal(@EventTopic(TranscriptTopics.FINAL) Segment s) {
        store(s);
        request();
    }

    @Inject
    @Optional
    void onPartial(@EventTopic(TranscriptTopics.PARTIAL) Segment s) {
        store(s);
        request();
    }

    @Inject
    @Optional
    void onCleared(@EventTopic(TranscriptTopics.CLEARED) Boolean ignored) {
        finished.clear();
        partialText = "";
        cleared = true;
        request();
    }

    private void store(Segment s) {
        if (s.kind() == Segment.Kind.PARTIAL) {
            partialText = s.text();
        } else {
            finished.add(s);
            partialText = "";
        }
    }

    private void request() {
        Display d = display;
        if (d != null && !d.isDisposed() && scheduled.compareAndSet(false, true)) {
            d.asyncExec(() -> {
                if (!d.isDisposed()) {
                    d.timerExec(100, this::repaint);
                }
            });
        }
    }

    /** UI thread: appends the rows of segments not shown yet, updates the summary and the partial. */
    private void repaint() {
        scheduled.set(false);
        if (table == null || table.isDisposed()) {
            return;
        }
        if (cleared) {
            cleared = false;
            table.removeAll();
            shownSegments = 0;
            words = 0;
            confidenceSum = 0;
            confidenceCount = 0;
        }
        List<Segment> all = List.copyOf(finished);
        if (shownSegments < all.size()) {
            for (WordRow r : WordRow.of(all.subList(shownSegments, all.size()))) {
                add(r);
            }
            shownSegments = all.size();
            table.showItem(table.getItem(Math.max(0, table.getItemCount() - 1)));
        }
        summary.setText(words == 0 ? TEXT.getString("summary.none")
                : java.text.MessageFormat.format(TEXT.getString("summary.words"), words,
                        confidenceCount == 0 ? "-" : String.format(Locale.ROOT, "%.2f", confidenceSum / confidenceCount)));
        partial.setText(partialText.isBlank() ? "" : java.text.MessageFormat.format(TEXT.getString("partial"), partialText));
        summary.getParent().layout(new org.eclipse.swt.widgets.Control[] { summary, partial });
    }

    private void add(WordRow r) {
        TableItem item = new TableItem(table, SWT.NONE);
        if (r.gap()) {
            item.setText(new String[] { Long.toString(r.utterance()), TEXT.getString("gap"), seconds(r.start()), seconds(r.end()),
                    Long.toString(Math.round((r.end() - r.start()) * 1000)), "" });
            item.setForeground(display.getSystemColor(SWT.COLOR_DARK_RED));
            return;
        }
        words++;
        boolean known = !Double.isNaN(r.confidence());
        if (known) {
            confidenceSum += r.confidence();
            confidenceCount++;
        }
        item.setText(new String[] { Long.toString(r.utterance()), r.word(), seconds(r.start()), seconds(r.end()),
                Long.toString(Math.round((r.end() - r.start()) * 1000)), known ? String.format(Locale.ROOT, "%.2f", r.confidence()) : "-" });
        if (known && r.confidence() < 0.6) { // low confidence: the cell turns from light to strong orange as it falls
            int shade = (int) Math.round(255 - 120 * (0.6 - Math.max(0, r.confidence())) / 0.6);
            item.setBackground(5, new Color(255, shade, Math.max(0, shade - 60)));
        }
    }

    private static String seconds(double s) {
        return String.format(Locale.ROOT, "%.2f", s);
    }

    @Focus
    void focus() {
        table.setFocus();
    }
}
