package dev.hark.protocol.training;

/** {@code dataset_progress}: a download, verification, extraction or generation moved on. */
public record DatasetProgress(String datasetName, String phase, long done, long total, Double fraction) implements TrainingMessage {

    public static final String TYPE = "dataset_progress";

    public static DatasetProgress of(String datasetName, String phase, long done, long total) {
        return new DatasetProgress(datasetName, phase, done, total,
                total > 0 ? Math.min(1.0, Math.round(1000.0 * done / total) / 1000.0) : null);
    }

    @Override
    public String type() {
        return TYPE;
    }
}
