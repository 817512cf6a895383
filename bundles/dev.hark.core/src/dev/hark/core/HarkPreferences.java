package dev.hark.core;

/**
 * Keys of the workbench's preferences (Eclipse instance scope, node {@link #NODE}), in one place.
 */
public final class HarkPreferences {

    public static final String NODE = "dev.hark.app";

    /** "embedded" (default): the workbench runs its own server; "remote": {@link #SERVER_URL}. */
    public static final String SERVER_MODE = "server.mode";
    public static final String SERVER_URL = "server.url";
    public static final String SERVER_TOKEN = "server.token";
    /** Data folder of the embedded server; empty for ~/.hark/server. */
    public static final String EMBEDDED_DATA = "server.embedded.data";
    /** Default model for live transcription; empty for the server's default. */
    public static final String DEFAULT_MODEL = "model.default";
    /** Input device name; empty for the system default. */
    public static final String INPUT_DEVICE = "input.device";
    /** "auto", "v1" or "v2". */
    public static final String PROTOCOL = "stream.protocol";
    /** Seconds to keep reconnecting before giving up. */
    public static final String RECONNECT_GIVE_UP_SECONDS = "stream.reconnect.giveUpSeconds";
    /** Seconds the server may take to send its last result after the audio ended (default 30). */
    public static final String END_WAIT_SECONDS = "stream.endWaitSeconds";

    /** TensorBoard log folders the Runs view follows, one path per line. */
    public static final String RUNS_TENSORBOARD_FOLDERS = "runs.tensorboard.folders";

    public static final String MODE_EMBEDDED = "embedded";
    public static final String MODE_REMOTE = "remote";

    private HarkPreferences() {
    }
}
