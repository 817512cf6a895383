package dev.hark.training;

import dev.hark.training.run.CheckpointLayout;
import dev.hark.training.run.CheckpointNames;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Which checkpoint a training request continues from: a named one, the latest of its model and dataset, or none. */
final class ResumePoints {

    private final Path checkpoints;

    ResumePoints(Path checkpoints) {
        this.checkpoints = checkpoints;
    }

    /** The checkpoint a request continues from, or null for a fresh start. */
    Path of(TrainRequest request, boolean resume) throws TrainingException {
        if (request.specificCheckpoint() != null) {
            String name = request.specificCheckpoint();
            if (!DatasetStore.validName(name)) {
                throw TrainingException.invalid("invalid checkpoint name \"" + DatasetStore.printable(name) + "\"");
            }
            // a v1 name stands for that epoch of the newest run of its model and dataset
            Path dir = checkpoints.resolve(CheckpointNames.of(checkpoints).resolve(name).orElse(name));
            if (!Files.isRegularFile(dir.resolve("trainer_state.json"))) {
                throw TrainingException.notFound("no resumable checkpoint named \"" + name + "\"");
            }
            return dir;
        }
        if (!resume && !request.resumeFromCheckpoint()) {
            return null;
        }
        Optional<Path> latest = latest(request.modelName(), request.datasetName());
        if (latest.isEmpty() && resume) {
            throw TrainingException.notFound("no checkpoint of " + request.modelName() + " on " + request.datasetName() + " to resume from");
        }
        return latest.orElse(null);
    }

    /** The newest resumable checkpoint of a model and dataset (the latest pointer, else the highest epoch). */
    Optional<Path> latest(String model, String dataset) {
        Path pointer = checkpoints.resolve(CheckpointLayout.latestPointer(model, dataset));
        try {
            if (Files.isRegularFile(pointer)) {
                String name = Files.readString(pointer).strip();
                if (DatasetStore.validName(name) && Files.isRegularFile(checkpoints.resolve(name).resolve("trainer_state.json"))) {
                    return Optional.of(checkpoints.resolve(name));
                }
            }
            try (var list = Files.list(checkpoints)) {
                // the newest run's highest epoch (v1 folders, without a run tag, count as older than any tagged run)
                Optional<String> tag = CheckpointNames.of(checkpoints).newestTag(model, dataset);
                String series = CheckpointLayout.series(model, dataset, tag.orElse(null));
                return list.filter(d -> CheckpointLayout.epochOfSeries(d.getFileName().toString(), series).isPresent())
                        .filter(d -> Files.isRegularFile(d.resolve("trainer_state.json")))
                        .max(java.util.Comparator.comparingInt(
                                d -> CheckpointLayout.epochOfSeries(d.getFileName().toString(), series).orElseThrow()));
            }
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
