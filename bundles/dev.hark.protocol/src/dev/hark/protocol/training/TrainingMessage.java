package dev.hark.protocol.training;

/**
 * An event of the server's training and dataset jobs. The server fans them out to every v1 {@code /ws} socket
 * ({@code {"type": T, "payload": P}}) and every {@code /api/events} SSE stream ({@code event: T}/{@code data: P});
 * the training worker sends them to its supervisor as {@link WorkerLine}s; the workbench carries them on the bus.
 * {@link TrainingMessages} is their codec.
 */
public sealed interface TrainingMessage permits TrainingProgress, TrainingLog, ValidationResult, CheckpointSaved, TrainingStatus,
        TrainingError, DatasetProgress, DatasetStatus, EvaluationUpdate {

    /** The wire type ({@code progress}, {@code log}, ...). */
    String type();
}
