package dev.hark.engine.ctc.train;

import static dev.hark.engine.ctc.train.Numbers.round;

import java.time.Instant;

import com.google.gson.JsonObject;

import dev.hark.protocol.training.ValidationResult;

import dev.hark.engine.ctc.model.Checkpoint;
import dev.hark.engine.ctc.model.LogMel;
import dev.hark.engine.ctc.model.ModelConfig;
import dev.hark.training.run.RunSpec;

/** v1's {@code training_metadata.json} of a checkpoint ({@link Checkpoint#METADATA}). */
final class CheckpointMetadata {

    /**
     * What the run's data came to.
     *
     * @param trainSamples      training utterances used
     * @param validationSamples validation utterances used
     * @param skipped           entries skipped (unreadable, too short, no usable characters)
     * @param datasetEntries    entries the dataset lists, skipped ones included
     */
    record DataStatistics(int trainSamples, int validationSamples, int skipped, int datasetEntries) {
    }

    private CheckpointMetadata() {
    }

    /**
     * @param epoch           the number the checkpoint folder carries
     * @param status          {@code running}, {@code stopped} or {@code completed}
     * @param validation      the epoch's validation result, or null
     */
    static JsonObject of(RunSpec spec, ModelConfig config, String trainingStart, DataStatistics data, int epoch, long globalStep,
            String status, ValidationResult validation) {
        JsonObject m = new JsonObject();
        m.addProperty("model_name", spec.modelName());
        m.addProperty("dataset_name", spec.datasetName());
        m.addProperty("training_start_time", trainingStart);
        m.addProperty("run_id", spec.runId());
        JsonObject params = new JsonObject();
        params.addProperty("epochs", spec.epochs());
        params.addProperty("batch_size", spec.batchSize());
        params.addProperty("learning_rate", spec.learningRate());
        params.addProperty("optimizer", "adam");
        params.addProperty("scheduler", LearningRateSchedule.DESCRIPTION);
        params.addProperty("warmup_steps", spec.warmupSteps());
        params.addProperty("device", "cpu");
        params.addProperty("limit_samples", spec.limitSamples());
        params.addProperty("threads", spec.threads());
        m.add("training_params", params);
        JsonObject model = new JsonObject();
        model.addProperty("architecture", config.architecture());
        model.addProperty("mel_bands", config.melBands());
        model.addProperty("conv_channels", config.convChannels());
        model.addProperty("kernel", config.kernel());
        model.addProperty("lstm_hidden", config.lstmHidden());
        model.addProperty("vocabulary_size", config.vocabulary().size());
        m.add("model_config", model);
        JsonObject dataset = new JsonObject();
        dataset.addProperty("path", spec.datasetPath());
        dataset.addProperty("sample_rate", LogMel.SAMPLE_RATE);
        dataset.addProperty("skipped_entries", data.skipped());
        m.add("dataset_config", dataset);
        JsonObject training = new JsonObject();
        training.addProperty("validation_split", spec.validationSplit());
        training.addProperty("seed", spec.seed());
        training.addProperty("keep_checkpoints", spec.keepCheckpoints());
        m.add("training_config", training);
        JsonObject stats = new JsonObject();
        int total = data.trainSamples() + data.validationSamples();
        stats.addProperty("train_samples", data.trainSamples());
        stats.addProperty("validation_samples", data.validationSamples());
        stats.addProperty("total_samples", total);
        stats.addProperty("train_ratio", total == 0 ? 0 : round((double) data.trainSamples() / total, 4));
        stats.addProperty("validation_ratio", total == 0 ? 0 : round((double) data.validationSamples() / total, 4));
        stats.addProperty("skipped_samples", data.skipped());
        stats.addProperty("dataset_entries", data.datasetEntries());
        m.add("dataset_statistics", stats);
        m.addProperty("current_epoch", epoch);
        m.addProperty("global_step", globalStep);
        m.addProperty("last_checkpoint_time", Instant.now().toString());
        m.addProperty("training_status", status);
        if (!status.equals("running")) {
            m.addProperty("training_end_time", Instant.now().toString());
        }
        if (validation != null) {
            m.addProperty("val_loss", validation.valLoss());
            m.addProperty("cer", validation.cer());
            m.addProperty("wer", validation.wer());
        }
        return m;
    }
}
