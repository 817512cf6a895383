package dev.hark.core.internal.export;

import org.osgi.service.component.annotations.Component;

import dev.hark.core.transcript.TranscriptExport;
import dev.hark.core.transcript.TranscriptExporter;

/** {@code --format json}: JSON with word times. */
@Component(service = TranscriptExporter.class, property = "service.ranking:Integer=1000")
public final class JsonExporter extends BuiltInExporter {

    public JsonExporter() {
        super(TranscriptExport.Format.JSON, "JSON with word times");
    }
}
