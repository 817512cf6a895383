package dev.hark.core.internal.export;

import java.util.List;

import dev.hark.core.transcript.Segment;
import dev.hark.core.transcript.TranscriptExport;
import dev.hark.core.transcript.TranscriptExporter;

/** Hark's own formats as {@link TranscriptExporter} services: one DS component per format (below). */
abstract class BuiltInExporter implements TranscriptExporter {

    private final TranscriptExport.Format format;
    private final String label;

    BuiltInExporter(TranscriptExport.Format format, String label) {
        this.format = format;
        this.label = label;
    }

    @Override
    public String format() {
        return format.extension();
    }

    @Override
    public String extension() {
        return format.extension();
    }

    @Override
    public String label() {
        return label;
    }

    @Override
    public String export(List<Segment> segments) {
        return TranscriptExport.write(segments, format);
    }
}
