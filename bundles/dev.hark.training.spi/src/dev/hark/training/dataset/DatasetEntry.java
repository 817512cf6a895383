package dev.hark.training.dataset;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One utterance of a dataset.
 *
 * @param id       a name unique within the dataset (file name without extension, or the line's id)
 * @param audio    the audio file
 * @param text     the transcript
 * @param duration seconds, or NaN when the layout does not say (read from the file when needed)
 * @param speaker  the voice or speaker, or "" when unknown (generated sets record their synthesizer voice)
 */
public record DatasetEntry(String id, Path audio, String text, double duration, String speaker) {

    public DatasetEntry {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(audio, "audio");
        Objects.requireNonNull(text, "text");
        speaker = speaker == null ? "" : speaker;
    }
}
