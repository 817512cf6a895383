package dev.hark.core.services;

import java.nio.file.Path;

/**
 * What to transcribe live: an input of a registered {@link dev.hark.core.audio.source.AudioSourceProvider} (what the
 * Live view offers), or, for short, a microphone (by device name; null for the default) or an audio file played as if
 * it were one (Hark's own "microphone" and "file" providers).
 */
public sealed interface LiveInput {

    record Microphone(String device) implements LiveInput {
    }

    record File(Path path, boolean realtime) implements LiveInput {
    }

    /**
     * An input of the provider whose {@code id()} is {@code source}.
     *
     * @param input    one of its {@code inputs()}' ids; null for the default
     * @param location what the user gave in the location field (a file, a folder, an address), or null
     * @param realtime recorded audio at its own pace rather than as fast as possible
     */
    record Source(String source, String input, String location, boolean realtime) implements LiveInput {
    }
}
