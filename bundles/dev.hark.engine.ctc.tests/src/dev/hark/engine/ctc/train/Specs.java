package dev.hark.engine.ctc.train;

import java.nio.file.Path;

import dev.hark.training.run.RunSpec;

/** Run specs for tests. */
final class Specs {

    private Specs() {
    }

    static RunSpec of(Path dataset, Path checkpoints, int epochs, int batchSize, int keep) {
        return new RunSpec("run-1", "ctc", "ds", dataset.toString(), checkpoints.toString(), null, epochs, batchSize, 3e-3, -1, 0, 0.25,
                42, keep, 1, null, 64, 0, false, null);
    }

    /** The same run with a run tag in its checkpoint names. */
    static RunSpec tagged(RunSpec s, String tag) {
        return new RunSpec(s.runId(), s.modelName(), s.datasetName(), s.datasetPath(), s.checkpointsDir(), s.resumeFrom(),
                s.epochs(), s.batchSize(), s.learningRate(), s.warmupSteps(), s.limitSamples(), s.validationSplit(), s.seed(),
                s.keepCheckpoints(), s.threads(), s.stopFile(), s.featureCacheMb(), s.failAfterSteps(), s.exhaustMemory(), tag);
    }

    static RunSpec resuming(RunSpec s, Path from) {
        return new RunSpec(s.runId() + "-resumed", s.modelName(), s.datasetName(), s.datasetPath(), s.checkpointsDir(), from.toString(),
                s.epochs(), s.batchSize(), s.learningRate(), s.warmupSteps(), s.limitSamples(), s.validationSplit(), s.seed(),
                s.keepCheckpoints(), s.threads(), s.stopFile(), s.featureCacheMb(), s.failAfterSteps(), s.exhaustMemory(), s.checkpointTag());
    }
}
