package dev.hark.core.internal.export;

import org.osgi.service.component.annotations.Component;

import dev.hark.core.transcript.TranscriptExport;
import dev.hark.core.transcript.TranscriptExporter;

/** {@code --format vtt}: WebVTT subtitles. */
@Component(service = TranscriptExporter.class, property = "service.ranking:Integer=1000")
public final class VttExporter extends BuiltInExporter {

    public VttExporter() {
        super(TranscriptExport.Format.VTT, "WebVTT subtitles");
    }
}
