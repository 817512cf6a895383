package dev.hark.core.services;

import java.util.List;

import dev.hark.protocol.training.TrainingProgress;

/**
 * What the current training run has reported so far, kept by a service so that a Training view that
 * opens (or reopens) mid-run shows the whole history, not only what arrives after it.
 */
public interface TrainingHistory {

    /** Series names: loss and learning_rate by step; val_loss and cer by epoch. */
    String LOSS = "loss";
    String LEARNING_RATE = "learning_rate";
    String VAL_LOSS = "val_loss";
    String CER = "cer";

    /** (x, y) points of a series, oldest first (thinned on long runs). */
    List<double[]> series(String name);

    /** The last log lines, oldest first. */
    List<String> log();

    /** The last progress, or null. */
    TrainingProgress lastProgress();

    /** The last error with its stack trace, or empty. */
    String lastError();

    /** Forgets everything (a new run starts). */
    void clear();
}
