package dev.hark.protocol.training;

/** {@code dataset_status}: a dataset job ended ({@code downloaded} or {@code failed}). */
public record DatasetStatus(String datasetName, String status, String message) implements TrainingMessage {

    public static final String TYPE = "dataset_status";

    @Override
    public String type() {
        return TYPE;
    }
}
