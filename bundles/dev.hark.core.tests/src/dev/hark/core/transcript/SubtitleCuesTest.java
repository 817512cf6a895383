package dev.hark.core.transcript;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/** SRT and VTT cues follow the common conventions: ≤ 42 characters a line, ≤ 2 lines, ≤ 7 s, no overlap, no word lost. */
class SubtitleCuesTest {

    /** 123 characters, 23 words, 7.03 s: what the issue saw as one cue (and overlapping the next by 30 ms). */
    static final String LONG = "the weather is nice today please call me tomorrow morning four two seven one "
            + "turn on the kitchen lights and the hall lights";

    record Parsed(double start, double end, List<String> lines) {
    }

    static List<Parsed> parse(String subtitles) {
        List<Parsed> out = new ArrayList<>();
        Pattern time = Pattern.compile("(\\d\\d):(\\d\\d):(\\d\\d)[,.](\\d\\d\\d) --> (\\d\\d):(\\d\\d):(\\d\\d)[,.](\\d\\d\\d)");
        for (String block : subtitles.split("\n\n")) {
            List<String> lines = new ArrayList<>(block.lines().toList());
            while (!lines.isEmpty() && !time.matcher(lines.get(0)).matches()) {
                lines.remove(0); // the SRT number, the WEBVTT header
            }
            if (lines.isEmpty()) {
                continue;
            }
            Matcher m = time.matcher(lines.remove(0));
            assertTrue(m.matches());
            out.add(new Parsed(seconds(m, 1), seconds(m, 5), lines));
        }
        return out;
    }

    private static double seconds(Matcher m, int g) {
        return Integer.parseInt(m.group(g)) * 3600 + Integer.parseInt(m.group(g + 1)) * 60 + Integer.parseInt(m.group(g + 2))
                + Integer.parseInt(m.group(g + 3)) / 1000.0;
    }

    static void assertConventions(List<Parsed> cues, String allText) {
        assertTrue(!cues.isEmpty());
        StringBuilder words = new StringBuilder();
        for (int i = 0; i < cues.size(); i++) {
            Parsed c = cues.get(i);
            assertTrue(c.lines().size() >= 1 && c.lines().size() <= 2, "lines: " + c);
            for (String line : c.lines()) {
                assertTrue(line.length() <= 42, "line of " + line.length() + " characters: " + line);
            }
            assertTrue(c.end() - c.start() <= 7.0 + 1e-9, "cue of " + (c.end() - c.start()) + " s: " + c);
            assertTrue(c.end() >= c.start(), "ends before it starts: " + c);
            if (i > 0) {
                assertTrue(cues.get(i - 1).end() <= c.start(), "overlap: " + cues.get(i - 1) + " and " + c);
            }
            words.append(String.join(" ", c.lines())).append(' ');
        }
        assertEquals(allText, words.toString().strip(), "every word once, in order");
    }

    static List<Segment.Word> timedWords(String text, double start, double perWord) {
        List<Segment.Word> words = new ArrayList<>();
        double at = start;
        for (String w : text.split(" ")) {
            words.add(new Segment.Word(w, at, at + perWord * 0.8, 0.9));
            at += perWord;
        }
        return words;
    }

    @Test
    void aLongSegmentWithoutWordTimesIsSplitProportionally() {
        // the first final runs 30 ms into the second, as the server's segment times may
        List<Segment> segments = List.of(new Segment(0, Segment.Kind.FINAL, LONG, 0.5, 7.53, List.of()),
                new Segment(1, Segment.Kind.FINAL, "four two", 7.5, 8.5, List.of()));
        for (TranscriptExport.Format f : List.of(TranscriptExport.Format.SRT, TranscriptExport.Format.VTT)) {
            String out = TranscriptExport.write(segments, f);
            List<Parsed> cues = parse(out);
            assertConventions(cues, LONG + " four two");
            assertTrue(cues.size() >= 3, "123 characters need at least two cues, plus the second segment: " + out);
            assertEquals(0.5, cues.get(0).start(), 1e-3);
        }
        assertTrue(TranscriptExport.write(segments, TranscriptExport.Format.VTT).startsWith("WEBVTT\n\n00:00:00.500 --> "));
        assertTrue(TranscriptExport.write(segments, TranscriptExport.Format.SRT).startsWith("1\n00:00:00,500 --> "));
    }

    @Test
    void wordTimesDecideWhereACueEndsAndTheNextBegins() {
        // 23 words, one every 0.5 s: the cut falls between words, on their times
        List<Segment.Word> words = timedWords(LONG, 1.0, 0.5);
        Segment s = new Segment(0, Segment.Kind.FINAL, LONG, 1.0, 13.0, words);
        List<SubtitleCues.Cue> cues = SubtitleCues.of(List.of(s));
        List<Parsed> parsed = parse(TranscriptExport.write(List.of(s), TranscriptExport.Format.SRT));
        assertConventions(parsed, LONG);
        for (SubtitleCues.Cue c : cues) {
            // every cue starts on a word's start: 1.0 + k * 0.5
            double k = (c.start() - 1.0) / 0.5;
            assertEquals(Math.rint(k), k, 1e-9, "cue starts between words: " + c);
        }
        assertEquals(words.get(words.size() - 1).end(), cues.get(cues.size() - 1).end(), 1e-9, "the last cue ends with the last word");
    }

    @Test
    void aSlowSegmentIsCutAtSevenSeconds() {
        // few characters but 12 s: time, not length, forces the cut
        Segment s = new Segment(0, Segment.Kind.FINAL, "one two three four five six", 0, 12, timedWords("one two three four five six", 0, 2));
        List<Parsed> cues = parse(TranscriptExport.write(List.of(s), TranscriptExport.Format.SRT));
        assertConventions(cues, "one two three four five six");
        assertTrue(cues.size() >= 2, "12 s in one cue: " + cues);
    }

    @Test
    void shortSegmentsStayOneCueEachAndGapsAreKept() {
        List<Segment> segments = List.of(new Segment(0, Segment.Kind.FINAL, "hello there", 0.2, 1.4, List.of()),
                new Segment(1, Segment.Kind.PARTIAL, "not yet", 1.5, 2, List.of()),
                new Segment(2, Segment.Kind.GAP, "reconnected", 2.0, 3.0, List.of()),
                new Segment(3, Segment.Kind.FINAL, "general kenobi", 3.0, 4.0, List.of()));
        String srt = TranscriptExport.write(segments, TranscriptExport.Format.SRT);
        assertEquals("""
                1
                00:00:00,200 --> 00:00:01,400
                hello there

                2
                00:00:02,000 --> 00:00:03,000
                [gap: reconnected]

                3
                00:00:03,000 --> 00:00:04,000
                general kenobi

                """, srt);
    }

    @Test
    void linesAreFilledUpToFortyTwoCharacters() {
        Segment s = new Segment(0, Segment.Kind.FINAL, "aaaa bbbb cccc dddd eeee ffff gggg hhhh iiii jjjj", 0, 3, List.of());
        List<SubtitleCues.Cue> cues = SubtitleCues.of(List.of(s));
        assertEquals(1, cues.size());
        assertEquals(List.of("aaaa bbbb cccc dddd eeee ffff gggg hhhh", "iiii jjjj"), cues.get(0).lines());
    }
}
