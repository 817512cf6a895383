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
    /** Validations without a new best before a run's "not improving" alert (default 5). */
    public static final String RUNS_ALERT_PATIENCE = "runs.alerts.patience";
    /** "true" to also show run alerts as desktop notifications where the desktop has a notification service. */
    public static final String RUNS_ALERT_DESKTOP = "runs.alerts.desktop";

    public static final String MODE_EMBEDDED = "embedded";
    public static final String MODE_REMOTE = "remote";

    /** Where a setting's effective value comes from. */
    public enum Source {
        /** Saved in the workbench's preferences (the Preferences dialog). */
        PREFERENCE,
        /** A system property {@code -Dhark.<key>} (tests, kiosk setups, {@code hark.ini}). */
        SYSTEM_PROPERTY,
        /** Hark's built-in default. */
        DEFAULT
    }

    /** A setting's value and where it comes from. */
    public record Effective(String key, String value, Source source) {
    }

    /**
     * Built-in defaults of the settings the workbench reads ("" means: the system's or server's own, e.g. the
     * default input device, the server's default model, the platform's data folder).
     */
    public static final java.util.Map<String, String> DEFAULTS = java.util.Map.ofEntries(java.util.Map.entry(SERVER_MODE, MODE_EMBEDDED),
            java.util.Map.entry(SERVER_URL, "http://127.0.0.1:58081"), java.util.Map.entry(SERVER_TOKEN, ""),
            java.util.Map.entry(EMBEDDED_DATA, ""), java.util.Map.entry(DEFAULT_MODEL, ""), java.util.Map.entry(INPUT_DEVICE, ""),
            java.util.Map.entry(PROTOCOL, "auto"), java.util.Map.entry(RECONNECT_GIVE_UP_SECONDS, "300"),
            java.util.Map.entry(END_WAIT_SECONDS, "30"), java.util.Map.entry(RUNS_ALERT_PATIENCE, "5"),
            java.util.Map.entry(RUNS_ALERT_DESKTOP, "true"));

    /** The system property that sets {@code key} when no preference is saved. */
    public static String systemProperty(String key) {
        return "hark." + key;
    }

    /**
     * The value that applies: the saved preference ({@code saved}, null or blank when none), else the system
     * property {@code hark.<key>}, else {@code fallback}. Values are stripped.
     */
    public static Effective effective(String key, String saved, String fallback) {
        if (saved != null && !saved.isBlank()) {
            return new Effective(key, saved.strip(), Source.PREFERENCE);
        }
        String property = System.getProperty(systemProperty(key));
        if (property != null && !property.isBlank()) {
            return new Effective(key, property.strip(), Source.SYSTEM_PROPERTY);
        }
        return new Effective(key, fallback == null ? null : fallback.strip(), Source.DEFAULT);
    }

    /** As {@link #effective(String, String, String)} with the built-in default. */
    public static Effective effective(String key, String saved) {
        return effective(key, saved, DEFAULTS.getOrDefault(key, ""));
    }

    private HarkPreferences() {
    }
}
