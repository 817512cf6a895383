package dev.hark.core.transcript;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class TranscriptExportersTest {

    private static TranscriptExporter plugin(String format) {
        return new TranscriptExporter() {
            @Override
            public String format() {
                return format;
            }

            @Override
            public String extension() {
                return format;
            }

            @Override
            public String label() {
                return "plugin " + format;
            }

            @Override
            public String export(List<Segment> segments) {
                return "plugin";
            }
        };
    }

    @Test
    void harksOwnFormatsComeFirstThenThePluginsByNameAndABuiltInCannotBeReplaced() {
        List<TranscriptExporter> services = new ArrayList<>();
        services.add(plugin("textgrid"));
        services.add(plugin("srt")); // a plugin trying to take over srt
        services.add(plugin("audacity"));
        services.addAll(TranscriptExporters.builtIns());
        var byFormat = TranscriptExporters.byFormat(services);
        assertEquals(List.of("txt", "srt", "vtt", "json", "audacity", "textgrid"), List.copyOf(byFormat.keySet()));
        assertTrue(byFormat.get("srt").label().startsWith("SubRip"), "the built-in srt wins: " + byFormat.get("srt").label());
        assertEquals("txt, srt, vtt, json, audacity or textgrid", TranscriptExporters.names(byFormat.keySet()));
    }

    @Test
    void aFormatNameThatIsNoCommandLineWordIsIgnored() {
        TranscriptExporter bad = plugin("Bad Name");
        TranscriptExporter good = plugin("good-1");
        var byFormat = TranscriptExporters.byFormat(List.of(bad, good));
        assertEquals(List.of("good-1"), List.copyOf(byFormat.keySet()));
        assertSame(good, byFormat.get("good-1"));
    }

    @Test
    void theBuiltInsWriteWhatTranscriptExportWritesAndExportersNeverSeeThePartial() {
        var doc = new TranscriptDocument();
        doc.commit("hello world", 0.5, 1.5, List.of(new Segment.Word("hello", 0.5, 1.0, 0.9), new Segment.Word("world", 1.0, 1.5, 0.8)));
        doc.partial("and more", 1.6, 2.0);
        List<Segment> committed = TranscriptExporters.committed(doc.snapshot());
        assertEquals(1, committed.size());
        for (TranscriptExporter e : TranscriptExporters.builtIns()) {
            assertEquals(TranscriptExport.write(doc.snapshot(), TranscriptExport.Format.parse(e.format())), e.export(committed), e.format());
            assertEquals(e.format(), e.extension());
        }
    }
}
