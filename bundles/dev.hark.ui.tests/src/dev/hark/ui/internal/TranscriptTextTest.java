package dev.hark.ui.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.hark.core.transcript.Segment;
import dev.hark.core.transcript.TranscriptDocument;

/**
 * The Live view's transcript model: what it asks the widget to change must keep the widget's text equal to
 * the whole transcript, while each change is only what is new.
 */
class TranscriptTextTest {

    /** The widget: a string the updates are applied to, as StyledText.replaceTextRange does. */
    private final StringBuilder widget = new StringBuilder();
    private final TranscriptText text = new TranscriptText();
    private final List<TranscriptText.Update> updates = new ArrayList<>();

    private void repaint() {
        text.take().ifPresent(u -> {
            assertTrue(u.at() >= 0 && u.at() + u.replace() <= widget.length(), "range " + u + " in " + widget.length());
            widget.replace(u.at(), u.at() + u.replace(), u.text());
            updates.add(u);
        });
        assertEquals(widget.length(), text.length());
    }

    private static String whole(List<Segment> segments) {
        StringBuilder b = new StringBuilder();
        for (Segment s : segments) {
            b.append(s.kind() == Segment.Kind.PARTIAL ? TranscriptText.stamp(s) + s.text() : TranscriptText.line(s));
        }
        return b.toString();
    }

    @Test
    void theFirstRepaintLoadsTheSnapshotThenFollowsTheBus() {
        TranscriptDocument doc = new TranscriptDocument();
        doc.commit("one two", 0, 1, List.of());
        doc.partial("three", 1, 2);
        assertTrue(text.needsSnapshot());
        text.accept(doc.snapshot().get(0)); // before the snapshot: ignored, the snapshot has it
        text.load(doc.snapshot());
        repaint();
        assertEquals("[00:00.00] one two\n[00:01.00] three", widget.toString());

        text.accept(doc.commit("three four", 1, 2.5, List.of()));
        text.accept(doc.partial("five", 2.5, 3));
        repaint();
        assertEquals(whole(doc.snapshot()), widget.toString());
        assertFalse(text.needsSnapshot());
    }

    @Test
    void aRepaintCostsWhatChangedNotTheSessionsLength() {
        TranscriptDocument doc = new TranscriptDocument();
        text.cleared();
        for (int i = 0; i < 2_000; i++) {
            text.accept(doc.partial("word " + i, i, i + 0.5));
            text.accept(doc.partial("word " + i + " more", i, i + 0.8));
            text.accept(doc.commit("word " + i + " more", i, i + 1, List.of()));
            repaint();
        }
        text.accept(doc.partial("tail", 2000, 2001));
        repaint();
        assertEquals(whole(doc.snapshot()), widget.toString());
        TranscriptText.Update last = updates.getLast();
        assertTrue(last.at() > 40_000, "replaced from " + last.at());
        assertEquals(0, last.replace()); // the partial replaced nothing: the final before it ended the last one
        assertTrue(last.text().length() < 40, "the last update carried " + last.text().length() + " chars");
        for (TranscriptText.Update u : updates.subList(1, updates.size())) {
            assertTrue(u.text().length() < 80, "an update of " + u.text().length() + " chars");
        }
    }

    @Test
    void aPartialIsReplacedInPlaceAndStyled() {
        text.cleared();
        TranscriptDocument doc = new TranscriptDocument();
        text.accept(doc.commit("hello", 0, 1, List.of()));
        text.accept(doc.partial("wor", 1, 2));
        repaint();
        text.accept(doc.partial("world", 1, 2));
        repaint();
        TranscriptText.Update u = updates.getLast();
        assertEquals("[00:00.00] hello\n".length(), u.at());
        assertEquals("[00:01.00] wor".length(), u.replace());
        assertEquals(List.of(new TranscriptText.Span(0, "[00:01.00] world".length(), TranscriptText.Style.PARTIAL)), u.spans());
        assertEquals("[00:00.00] hello\n[00:01.00] world", widget.toString());
    }

    @Test
    void gapsAreStyledAndDuplicatesSkipped() {
        text.cleared();
        TranscriptDocument doc = new TranscriptDocument();
        Segment first = doc.commit("a", 0, 1, List.of());
        Segment gap = doc.gap("connection lost", 1, 3);
        text.accept(first);
        text.accept(first); // the same final twice (snapshot and bus overlap)
        text.accept(gap);
        repaint();
        assertEquals("[00:00.00] a\n[00:01.00] [connection lost]\n", widget.toString());
        TranscriptText.Update u = updates.getLast();
        assertEquals(List.of(new TranscriptText.Span("[00:00.00] a\n".length(), "[00:01.00] [connection lost]\n".length(),
                TranscriptText.Style.GAP)), u.spans());
        Segment stalePartial = new Segment(1, Segment.Kind.PARTIAL, "old", 1, 2, List.of());
        text.accept(stalePartial); // overtaken by the gap
        assertTrue(text.take().isEmpty());
    }

    @Test
    void aMissedFinalAsksForTheSnapshotAgain() {
        text.cleared();
        TranscriptDocument doc = new TranscriptDocument();
        text.accept(doc.commit("a", 0, 1, List.of()));
        doc.commit("b", 1, 2, List.of()); // never arrives
        text.accept(doc.commit("c", 2, 3, List.of()));
        assertTrue(text.needsSnapshot());
        text.load(doc.snapshot());
        repaint();
        assertEquals(whole(doc.snapshot()), widget.toString());
    }

    @Test
    void clearingEmptiesTheText() {
        text.cleared();
        TranscriptDocument doc = new TranscriptDocument();
        text.accept(doc.commit("a", 0, 1, List.of()));
        text.accept(doc.partial("b", 1, 2));
        repaint();
        doc.clear();
        text.cleared();
        repaint();
        assertEquals("", widget.toString());
        text.accept(doc.commit("new session", 0, 1, List.of()));
        repaint();
        assertEquals("[00:00.00] new session\n", widget.toString());
        assertTrue(text.take().isEmpty(), "nothing new: no update");
    }
}
