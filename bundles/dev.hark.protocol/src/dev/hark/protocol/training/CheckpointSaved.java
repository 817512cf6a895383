package dev.hark.protocol.training;

/** {@code checkpoint} (not in v1): the worker wrote a checkpoint. */
public record CheckpointSaved(String name, int epoch, long globalStep, String path, String status) implements TrainingMessage {

    public static final String TYPE = "checkpoint";

    @Override
    public String type() {
        return TYPE;
    }
}
