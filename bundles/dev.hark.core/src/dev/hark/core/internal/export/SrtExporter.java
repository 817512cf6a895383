package dev.hark.core.internal.export;

import org.osgi.service.component.annotations.Component;

import dev.hark.core.transcript.TranscriptExport;
import dev.hark.core.transcript.TranscriptExporter;

/** {@code --format srt}: SubRip subtitles. */
@Component(service = TranscriptExporter.class, property = "service.ranking:Integer=1000")
public final class SrtExporter extends BuiltInExporter {

    public SrtExporter() {
        super(TranscriptExport.Format.SRT, "SubRip subtitles");
    }
}
