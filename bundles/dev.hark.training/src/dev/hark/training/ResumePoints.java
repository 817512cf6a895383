package dev.hark.training;

import dev.hark.training.run.CheckpointLayout;

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
            Path dir = checkpoints.resolve(name);
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
                return list.filter(d -> CheckpointLayout.epochOf(d.getFileName().toString(), model, dataset).isPresent())
                        .filter(d -> Files.isRegularFile(d.resolve("trainer_state.json")))
                        .max(java.util.Comparator.comparingInt(
                                d -> CheckpointLayout.epochOf(d.getFileName().toString(), model, dataset).orElseThrow()));
            }
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
