package dev.hark.examples.textgrid;

import java.util.List;

import org.osgi.service.component.annotations.Component;

import dev.hark.core.transcript.Segment;
import dev.hark.core.transcript.TranscriptExporter;

/** {@code --format audacity}: an Audacity label track, one label per utterance (File > Import > Labels). */
@Component(service = TranscriptExporter.class)
public final class AudacitySegmentsExporter implements TranscriptExporter {

    @Override
    public String format() {
        return "audacity";
    }

    @Override
    public String extension() {
        return "txt";
    }

    @Override
    public String label() {
        return "Audacity labels, one per segment";
    }

    @Override
    public String export(List<Segment> segments) {
        return AudacityLabels.write(Interval.segments(segments));
    }
}
