package dev.hark.audio.internal;

import java.nio.file.Path;

import org.osgi.service.component.annotations.Component;

import dev.hark.audio.FileSource;
import dev.hark.core.audio.source.AudioSourceProvider;
import dev.hark.core.audio.source.PcmSource;

/**
 * An audio file played as if it were a microphone, as a contribution of the audio-source extension point. An unreadable
 * file fails when the capture starts (the Live view shows the reader's reason), as it always did.
 */
@Component(service = AudioSourceProvider.class, property = "service.ranking:Integer=1000")
public final class FileProvider implements AudioSourceProvider {

    public static final String ID = "file";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String label() {
        return "Audio file as microphone";
    }

    @Override
    public int order() {
        return 1000;
    }

    @Override
    public Location location() {
        return Location.FILE;
    }

    @Override
    public PcmSource open(Request request) {
        if (request.location() == null || request.location().isBlank()) {
            throw new IllegalArgumentException("no audio file given");
        }
        return new FileSource(Path.of(request.location().strip()), SAMPLE_RATE, request.realtime());
    }
}
