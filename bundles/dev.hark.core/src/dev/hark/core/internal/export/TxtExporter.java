package dev.hark.core.internal.export;

import org.osgi.service.component.annotations.Component;

import dev.hark.core.transcript.TranscriptExport;
import dev.hark.core.transcript.TranscriptExporter;

/** {@code --format txt}: Plain text. */
@Component(service = TranscriptExporter.class, property = "service.ranking:Integer=1000")
public final class TxtExporter extends BuiltInExporter {

    public TxtExporter() {
        super(TranscriptExport.Format.TXT, "Plain text");
    }
}
