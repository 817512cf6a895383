package dev.hark.ui.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.hark.core.UtteranceLatency;
import dev.hark.core.transcript.Segment;
import dev.hark.core.transcript.TranscriptDocument;

/** Words with confidence and times, and per-utterance latencies, in the Live view's transcript model. */
class WordTranscriptTest {

    @Test
    void aFinalsWordsBecomeSpansWithTheirConfidenceAndItsLatencyEndsTheLine() {
        TranscriptDocument doc = new TranscriptDocument();
        TranscriptText text = new TranscriptText();
        text.load(doc.snapshot());
        text.take();
        List<Segment.Word> words = List.of(new Segment.Word("hello", 0.1, 0.4, 0.93), new Segment.Word("wurld", 0.5, 0.9, 0.31),
                new Segment.Word("again", 1.0, 1.3, Double.NaN));
        text.latency(new UtteranceLatency(0, 310, 540));
        text.accept(doc.commit("hello wurld again", 0.1, 1.3, words));
        TranscriptText.Update u = text.take().orElseThrow();
        assertEquals("[00:00.10] hello wurld again  (first partial 310 ms, final 540 ms)\n", u.text());
        List<TranscriptText.Span> spans = u.spans().stream().filter(s -> s.style() == TranscriptText.Style.WORD).toList();
        assertEquals(3, spans.size(), u.spans().toString());
        assertEquals("wurld", u.text().substring(spans.get(1).start(), spans.get(1).start() + spans.get(1).length()));
        assertEquals(0.31, spans.get(1).word().confidence());
        TranscriptText.Span latency = u.spans().stream().filter(s -> s.style() == TranscriptText.Style.LATENCY).findFirst().orElseThrow();
        assertTrue(u.text().substring(latency.start()).startsWith("(first partial 310 ms"), u.text());
    }

    @Test
    void aFinalWithoutPartialOrLatencyStillReadsWell() {
        TranscriptDocument doc = new TranscriptDocument();
        TranscriptText text = new TranscriptText();
        text.load(doc.snapshot());
        text.take();
        text.latency(new UtteranceLatency(0, -1, 120));
        text.accept(doc.commit("yes", 0, 0.5, List.of()));
        text.accept(doc.commit("no", 1, 1.5, List.of()));
        assertEquals("[00:00.00] yes  (first partial -, final 120 ms)\n[00:01.00] no\n", text.take().orElseThrow().text());
    }

    @Test
    void latenciesWaitingForFinalsAreBounded() {
        TranscriptText text = new TranscriptText();
        text.cleared();
        for (int i = 0; i < 10_000; i++) {
            text.latency(new UtteranceLatency(i + 1_000, 1, 1)); // finals that never come
        }
        TranscriptDocument doc = new TranscriptDocument();
        text.latency(new UtteranceLatency(0, 5, 6));
        text.accept(doc.commit("kept", 0, 1, List.of()));
        assertTrue(text.take().orElseThrow().text().contains("final 6 ms"), "the newest latency is kept");
    }

    @Test
    void confidenceShadesAndHoverText() {
        assertEquals(WordTranscriptView.Shade.LOW, WordTranscriptView.shade(0.2));
        assertEquals(WordTranscriptView.Shade.MEDIUM, WordTranscriptView.shade(0.6));
        assertEquals(WordTranscriptView.Shade.NONE, WordTranscriptView.shade(0.95));
        assertEquals(WordTranscriptView.Shade.NONE, WordTranscriptView.shade(Double.NaN));
        assertEquals("\"hello\": 0.10–0.40 s, confidence 0.93", WordTranscriptView.describe(new Segment.Word("hello", 0.1, 0.4, 0.93)));
        assertTrue(WordTranscriptView.describe(new Segment.Word("x", 0, 1, Double.NaN)).endsWith("not given"));
    }

    @Test
    void progressAndPreferenceTexts() {
        assertEquals("Decoding: 120 s of 600 s (20 %)", InferenceText.progress(120, 600));
        assertEquals("Decoding: 0 s of 0 s (0 %)", InferenceText.progress(0, 0));
        assertEquals(List.of("System default", "Monitor of Null", "gone-usb"),
                PreferenceText.deviceChoices(List.of("Monitor of Null"), "gone-usb"), "a saved device not plugged in stays choosable");
        assertEquals(List.of("System default", "a"), PreferenceText.deviceChoices(List.of("a"), "a"));
        assertEquals("from -Dhark.stream.endWaitSeconds", PreferenceText.source(new dev.hark.core.HarkPreferences.Effective(
                "stream.endWaitSeconds", "45", dev.hark.core.HarkPreferences.Source.SYSTEM_PROPERTY)));
    }
}
