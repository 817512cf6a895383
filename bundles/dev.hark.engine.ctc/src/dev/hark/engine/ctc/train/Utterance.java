package dev.hark.engine.ctc.train;

import dev.hark.training.dataset.DatasetEntry;

/** A loaded training or validation utterance: its features (possibly dropped to save memory) and labels. */
final class Utterance {
    final DatasetEntry entry;
    final String text;
    final int frames;
    final double seconds;
    int[] labels;
    float[][] features; // raw log-mel; null when not cached

    Utterance(DatasetEntry entry, String text, int frames, double seconds, float[][] features) {
        this.entry = entry;
        this.text = text;
        this.frames = frames;
        this.seconds = seconds;
        this.features = features;
    }
}
