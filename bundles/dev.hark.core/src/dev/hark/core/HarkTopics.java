package dev.hark.core;

import dev.hark.protocol.training.CheckpointSaved;
import dev.hark.protocol.training.DatasetProgress;
import dev.hark.protocol.training.DatasetStatus;
import dev.hark.protocol.training.TrainingError;
import dev.hark.protocol.training.TrainingLog;
import dev.hark.protocol.training.TrainingMessage;
import dev.hark.protocol.training.TrainingProgress;
import dev.hark.protocol.training.TrainingStatus;
import dev.hark.protocol.training.ValidationResult;

/**
 * Every EventAdmin topic Hark uses, in one place.
 *
 * <p>Topics are hierarchical so that a subscriber can take a whole family with a wildcard
 * ({@link #STREAM_ALL}, {@link #TRAINING_ALL}, ...). Each event carries exactly one payload
 * object under {@link HarkEvents#DATA}; the payload type is named beside each topic. Views
 * subscribe to these topics and never hold a connection, a capture line or a training
 * subscription themselves: services own those and publish what views show.
 *
 * <p>Audio samples never ride the bus: they travel from capture to transport through a
 * bounded pipe. Only state, text and measurements are published here.
 */
public final class HarkTopics {

    /** Root of every Hark topic. */
    public static final String ROOT = "hark";

    // --- streaming session (owned by the transport service) ---

    /** Wildcard for every streaming topic. */
    public static final String STREAM_ALL = "hark/stream/*";
    /** Connection state changed. Payload: {@link StreamStateChanged}. Low rate. */
    public static final String STREAM_STATE = "hark/stream/state";
    /** A partial hypothesis replaced the previous one. Payload: {@link dev.hark.core.transcript.Segment} (kind PARTIAL). High rate. */
    public static final String STREAM_PARTIAL = dev.hark.core.transcript.TranscriptTopics.PARTIAL;
    /** A final result (or a gap marker) was appended. Payload: {@link dev.hark.core.transcript.Segment} (FINAL or GAP). */
    public static final String STREAM_FINAL = dev.hark.core.transcript.TranscriptTopics.FINAL;
    /** The transcript was cleared. Payload: Boolean.TRUE. */
    public static final String STREAM_CLEARED = dev.hark.core.transcript.TranscriptTopics.CLEARED;
    /** Something went wrong that the user should see, the session going on or not. Payload: String. */
    public static final String STREAM_ERROR = "hark/stream/error";
    /** RTT, latencies, reconnect and backpressure counters. Payload: {@link StreamMetrics}. About once a second. */
    public static final String STREAM_METRICS = "hark/stream/metrics";
    /** One utterance's latencies (first partial, final), posted just before its final. Payload: {@link UtteranceLatency}. */
    public static final String STREAM_LATENCY = "hark/stream/latency";

    // --- audio capture (owned by the audio service) ---

    /** Wildcard for every audio topic. */
    public static final String AUDIO_ALL = "hark/audio/*";
    /** Input level. Payload: {@link AudioLevel}. At most 20 a second. */
    public static final String AUDIO_LEVEL = "hark/audio/level";
    /** Capture started, stopped, finished or lost its device. Payload: {@link AudioState}. */
    public static final String AUDIO_STATE = "hark/audio/state";

    // --- training (owned by the training client service) ---

    /** Wildcard for every training topic. */
    public static final String TRAINING_ALL = "hark/training/*";
    /** Epoch, step (one numbering), loss, learning rate, throughput, ETA. Payload: {@link TrainingProgress}. At least once a second while training. */
    public static final String TRAINING_PROGRESS = "hark/training/progress";
    /** One log line of the running job. Payload: {@link TrainingLog}. */
    public static final String TRAINING_LOG = "hark/training/log";
    /** Validation loss and CER after an epoch. Payload: {@link ValidationResult}. */
    public static final String TRAINING_VALIDATION = "hark/training/validation";
    /** Run started, completed, stopped or failed (with the reason), a checkpoint written, an error with its trace. */
    public static final String TRAINING_STATUS = "hark/training/status";

    // --- dataset jobs on the server (reported through the training event stream) ---

    /** Wildcard for every dataset topic. */
    public static final String DATASET_ALL = "hark/dataset/*";
    /** A download, verification, extraction or generation moved on. Payload: {@link DatasetProgress}. */
    public static final String DATASET_PROGRESS = "hark/dataset/progress";
    /** A dataset job ended. Payload: {@link DatasetStatus}. */
    public static final String DATASET_STATUS = "hark/dataset/status";

    // --- evaluations of a server run's checkpoints (reported through the training event stream) ---

    /** Wildcard for every evaluation topic. */
    public static final String EVALUATION_ALL = "hark/evaluation/*";
    /** An evaluation moved on or ended. Payload: {@link dev.hark.protocol.training.EvaluationUpdate}. */
    public static final String EVALUATION_UPDATE = "hark/evaluation/update";

    // --- training runs of every source (owned by the runs service) ---

    /** Wildcard for every runs topic. */
    public static final String RUNS_ALL = "hark/runs/*";
    /** The runs of the followed sources changed (a new run, new points, a source unreadable). Payload: {@link dev.hark.core.runs.RunsSnapshot}. At most every 2 s. */
    public static final String RUNS_CHANGED = "hark/runs/changed";
    /** A run needs the user's attention or ended (once per event). Payload: {@link dev.hark.core.runs.RunAlert}. */
    public static final String RUNS_ALERT = "hark/runs/alert";

    // --- models ---

    /** Wildcard for every model topic. */
    public static final String MODEL_ALL = "hark/model/*";
    /** The user chose a model for live transcription (Models or Live view). Payload: String, the model name ("" for the server's default). */
    public static final String MODEL_FOR_LIVE = "hark/model/live";

    // --- the server the workbench talks to (embedded or remote) ---

    /** Wildcard for every server topic. */
    public static final String SERVER_ALL = "hark/server/*";
    /** The embedded server started, died, was restarted; or the remote one changed. */
    public static final String SERVER_STATE = "hark/server/state";

    private HarkTopics() {
    }

    /**
     * The topic a training or dataset message travels on: the one place that maps the protocol's
     * {@link TrainingMessage} records to topics (payload: the record itself).
     */
    public static String topicOf(TrainingMessage message) {
        return switch (message) {
            case TrainingProgress p -> TRAINING_PROGRESS;
            case TrainingLog l -> TRAINING_LOG;
            case ValidationResult v -> TRAINING_VALIDATION;
            case TrainingStatus s -> TRAINING_STATUS;
            case CheckpointSaved c -> TRAINING_STATUS;
            case TrainingError e -> TRAINING_STATUS;
            case DatasetProgress d -> DATASET_PROGRESS;
            case DatasetStatus d -> DATASET_STATUS;
            case dev.hark.protocol.training.EvaluationUpdate u -> EVALUATION_UPDATE;
        };
    }
}
