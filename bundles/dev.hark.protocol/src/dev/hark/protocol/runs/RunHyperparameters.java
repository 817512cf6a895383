package dev.hark.protocol.runs;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** What a Hark server's training run was asked to do (the checked training request). */
public record RunHyperparameters(int epochs, int batchSize, double learningRate, int warmupSteps, int limitSamples,
        double validationSplit, long seed, int keepCheckpoints, int threads) {

    /** The values by their wire names, as {@link RunInfo#hparams()} holds them. */
    public Map<String, String> asMap() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("epochs", Integer.toString(epochs));
        m.put("batch_size", Integer.toString(batchSize));
        m.put("learning_rate", String.format(Locale.ROOT, "%s", learningRate));
        m.put("warmup_steps", Integer.toString(warmupSteps));
        m.put("limit_samples", Integer.toString(limitSamples));
        m.put("validation_split", String.format(Locale.ROOT, "%s", validationSplit));
        m.put("seed", Long.toString(seed));
        m.put("keep_checkpoints", Integer.toString(keepCheckpoints));
        m.put("threads", Integer.toString(threads));
        return m;
    }
}
