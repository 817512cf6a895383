package dev.hark.core.services;

import java.nio.file.Path;

/**
 * What to transcribe live: a microphone (by device name; null for the default) or an audio file
 * played as if it were one.
 */
public sealed interface LiveInput {

    record Microphone(String device) implements LiveInput {
    }

    record File(Path path, boolean realtime) implements LiveInput {
    }
}
