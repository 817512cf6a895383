package dev.hark.engine.ctc.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.function.Supplier;

import com.google.gson.JsonObject;

import dev.hark.protocol.training.CheckpointSaved;

import dev.hark.protocol.JsonMessages;
import dev.hark.engine.ctc.model.Checkpoint;
import dev.hark.training.run.RunSpec;
import dev.hark.training.run.WorkerProtocol;
import dev.hark.training.run.CheckpointLayout;

import org.apache.commons.io.FileUtils;

/**
 * Writes the run's checkpoint folders ({@code {model}-{dataset}-{run tag}-epoch-{N}}, see {@link CheckpointLayout}): into a temporary folder first, then
 * moved into place; then points the {@code latest} pointer at it, prunes this run's older ones beyond the retention count and
 * tells the supervisor ({@code checkpoint} message and a log line).
 */
final class CheckpointWriter {

    /** Writes what the model and optimizer hold into a (temporary) checkpoint folder. */
    interface Content {
        void writeTo(Path folder) throws IOException;
    }

    private final RunSpec spec;
    private final WorkerProtocol out;
    private final Path checkpoints;

    CheckpointWriter(RunSpec spec, WorkerProtocol out) {
        this.spec = spec;
        this.out = out;
        this.checkpoints = Path.of(spec.checkpointsDir());
    }

    /** Removes half-written checkpoint folders of a worker that was killed while saving; logs, never throws. */
    void removeStaleTemporaries() {
        try {
            CheckpointRetention.removeStaleTemporaries(checkpoints,
                    p -> out.log("INFO", "removed a half-written checkpoint folder " + p.getFileName()));
        } catch (IOException e) {
            out.log("WARNING", "could not clean " + checkpoints + ": " + e.getMessage());
        }
    }

    /**
     * The number the checkpoint folder carries: the epoch the weights belong to.
     *
     * @param epoch       completed epochs
     * @param stepInEpoch where to continue within the epoch on resume (0 = at its start); when stopped mid-epoch,
     *                    the folder is named after the epoch in progress, {@code epoch + 1}
     */
    static int number(int epoch, int stepInEpoch) {
        return stepInEpoch > 0 ? epoch + 1 : Math.max(epoch, 1);
    }

    /** {@code trainer_state.json}: where a resumed run continues. */
    static JsonObject state(int epoch, int stepInEpoch, long globalStep, long totalSteps, long optimizerSteps, long skippedSteps,
            long seed, String runId) {
        JsonObject state = new JsonObject();
        state.addProperty("epoch", epoch);
        state.addProperty("step_in_epoch", stepInEpoch);
        state.addProperty("global_step", globalStep);
        state.addProperty("total_steps", totalSteps);
        state.addProperty("optimizer_steps", optimizerSteps);
        state.addProperty("skipped_steps", skippedSteps); // batches whose loss was not finite: no update
        state.addProperty("seed", seed);
        state.addProperty("run_id", runId);
        state.addProperty("batching", Batches.VERSION); // what step_in_epoch indexes
        return state;
    }

    /**
     * Writes a checkpoint.
     *
     * @param content  the model's files
     * @param state    {@link #state} of the position
     * @param metadata {@link CheckpointMetadata} for the folder's number (made once the model's files are written)
     * @param number   {@link #number}
     * @param status   {@code running}, {@code stopped} or {@code completed}
     * @return the checkpoint folder
     */
    Path save(Content content, JsonObject state, Supplier<JsonObject> metadata, int number, long globalStep, String status) throws IOException {
        String name = CheckpointLayout.folderName(spec.modelName(), spec.datasetName(), spec.checkpointTag(), number);
        Files.createDirectories(checkpoints);
        Path tmp = Files.createTempDirectory(checkpoints, CheckpointLayout.temporaryPrefix(name) + "-");
        content.writeTo(tmp);
        Files.writeString(tmp.resolve(Checkpoint.STATE), JsonMessages.GSON.toJson(state));
        Files.writeString(tmp.resolve(Checkpoint.METADATA), JsonMessages.GSON.toJson(metadata.get()));
        Path target = checkpoints.resolve(name);
        if (Files.exists(target)) {
            FileUtils.deleteDirectory(target.toFile());
        }
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        String pointer = CheckpointLayout.latestPointer(spec.modelName(), spec.datasetName());
        Path pointerTmp = checkpoints.resolve(CheckpointLayout.temporaryPrefix(pointer));
        Files.writeString(pointerTmp, name + "\n");
        Files.move(pointerTmp, checkpoints.resolve(pointer), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        CheckpointRetention.prune(checkpoints, CheckpointLayout.series(spec.modelName(), spec.datasetName(), spec.checkpointTag()),
                spec.keepCheckpoints(), name,
                removed -> out.log("INFO", "removed old checkpoint " + removed.getFileName() + " (keeping the last "
                        + spec.keepCheckpoints() + ")"));
        out.send(new CheckpointSaved(name, number, globalStep, target.toString(), status));
        out.log("INFO", "saved checkpoint " + name);
        return target;
    }
}
