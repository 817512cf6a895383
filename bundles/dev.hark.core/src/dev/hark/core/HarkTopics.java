package dev.hark.core;

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
    public static final String STREAM_PARTIAL = "hark/stream/partial";
    /** A final result (or a gap marker) was appended. Payload: {@link dev.hark.core.transcript.Segment} (FINAL or GAP). */
    public static final String STREAM_FINAL = "hark/stream/final";
    /** The transcript was cleared. Payload: Boolean.TRUE. */
    public static final String STREAM_CLEARED = "hark/stream/cleared";
    /** Something went wrong that the user should see, the session going on or not. Payload: String. */
    public static final String STREAM_ERROR = "hark/stream/error";
    /** RTT, latencies, reconnect and backpressure counters. Payload: {@link StreamMetrics}. About once a second. */
    public static final String STREAM_METRICS = "hark/stream/metrics";

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
    /** Epoch, step (one numbering), loss, learning rate, throughput, ETA. At least once a second while training. */
    public static final String TRAINING_PROGRESS = "hark/training/progress";
    /** One log line of the running job. */
    public static final String TRAINING_LOG = "hark/training/log";
    /** Validation loss and CER after an epoch. */
    public static final String TRAINING_VALIDATION = "hark/training/validation";
    /** Run started, completed, stopped or failed (with the reason). */
    public static final String TRAINING_STATUS = "hark/training/status";

    // --- the server the workbench talks to (embedded or remote) ---

    /** Wildcard for every server topic. */
    public static final String SERVER_ALL = "hark/server/*";
    /** The embedded server started, died, was restarted; or the remote one changed. */
    public static final String SERVER_STATE = "hark/server/state";

    private HarkTopics() {
    }
}
