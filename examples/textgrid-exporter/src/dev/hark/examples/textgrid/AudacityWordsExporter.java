package dev.hark.examples.textgrid;

import java.util.List;

import org.osgi.service.component.annotations.Component;

import dev.hark.core.transcript.Segment;
import dev.hark.core.transcript.TranscriptExporter;

/** {@code --format audacity-words}: an Audacity label track, one label per timed word. */
@Component(service = TranscriptExporter.class)
public final class AudacityWordsExporter implements TranscriptExporter {

    @Override
    public String format() {
        return "audacity-words";
    }

    @Override
    public String extension() {
        return "txt";
    }

    @Override
    public String label() {
        return "Audacity labels, one per word";
    }

    @Override
    public String export(List<Segment> segments) {
        return AudacityLabels.write(Interval.words(segments));
    }
}
