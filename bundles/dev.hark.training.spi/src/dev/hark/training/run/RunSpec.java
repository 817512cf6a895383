package dev.hark.training.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import dev.hark.protocol.JsonMessages;

/**
 * Everything a training worker needs to know, written by the supervisor as JSON (snake_case) and passed to the
 * worker as its only argument.
 *
 * @param runId            unique id of the run (also the name of its log folder)
 * @param modelName        the model (its v1 {@code model_name}), e.g. {@code ctc}
 * @param datasetName      the dataset's name
 * @param datasetPath      the dataset folder
 * @param checkpointsDir   where checkpoint folders go
 * @param resumeFrom       a checkpoint folder to continue from, or null for a fresh start
 * @param epochs           total epochs (a resumed run continues up to this many)
 * @param batchSize        utterances per step
 * @param learningRate     peak learning rate (after warm-up)
 * @param warmupSteps      linear warm-up steps; -1 picks 10 % of the total, at most 200
 * @param limitSamples     use at most this many utterances (0 = all)
 * @param validationSplit  fraction held out for validation (v1: 0.05)
 * @param seed             shuffling and split seed (v1: 42)
 * @param keepCheckpoints  how many epoch checkpoints of this run to keep (0 = all); other runs' are never removed
 * @param threads          intra-op threads of the engine
 * @param stopFile         the worker stops (saving a checkpoint) once this file exists
 * @param featureCacheMb   features kept in memory between epochs, at most this many MiB
 * @param failAfterSteps   testing aid: throw after this many steps (0 = never)
 * @param exhaustMemory    testing aid: allocate until the heap is exhausted at the first step
 * @param checkpointTag    the run's tag in its checkpoint names ({@link CheckpointLayout#runTag}); null writes v1's names
 */
public record RunSpec(String runId, String modelName, String datasetName, String datasetPath, String checkpointsDir,
        String resumeFrom, int epochs, int batchSize, double learningRate, int warmupSteps, int limitSamples,
        double validationSplit, long seed, int keepCheckpoints, int threads, String stopFile, int featureCacheMb,
        int failAfterSteps, boolean exhaustMemory, String checkpointTag) {

    public void write(Path file) throws IOException {
        Files.writeString(file, JsonMessages.GSON.toJson(this));
    }

    public static RunSpec read(Path file) throws IOException {
        RunSpec spec = JsonMessages.GSON.fromJson(Files.readString(file), RunSpec.class);
        if (spec == null || spec.datasetPath() == null || spec.checkpointsDir() == null) {
            throw new IOException(file + " is not a run spec");
        }
        return spec;
    }
}
