package dev.hark.protocol;

import java.util.Locale;

import com.google.gson.JsonObject;

/**
 * Protocol v1: the asr-test backend's {@code /ws} messages, which Hark speaks as a server and as a
 * client. Messages are {@code {"type": ..., "payload": {...}}}; audio is raw mono PCM in binary frames.
 * docs/protocol.md describes it and where Hark deliberately differs (errors instead of silence).
 */
public final class V1 {

    /** The model name v1 clients send by default; Hark maps it to its default model. */
    public static final String DEFAULT_MODEL_ALIAS = "conformer";
    public static final int DEFAULT_SAMPLE_RATE = 16_000;
    public static final int MIN_SAMPLE_RATE = 8_000;
    public static final int MAX_SAMPLE_RATE = 192_000;

    // client -> server
    public static final String START = "start";
    public static final String STOP = "stop";
    // server -> client
    public static final String STATUS = "status";
    public static final String PARTIAL = "partial";
    public static final String FINAL = "final";
    public static final String ERROR = "error";
    // training broadcasts (server -> every /ws client)
    public static final String PROGRESS = "progress";
    public static final String LOG = "log";
    public static final String VALIDATION_RESULT = "validation_result";

    private V1() {
    }

    /** A validated {@code start}. Format is "i16" or "f32". */
    public record Start(String modelName, int sampleRate, String format) {
    }

    /** Reads a {@code start}, applying v1's defaults and refusing what v1 silently accepted. */
    public static Start parseStart(JsonObject message) throws ProtocolException {
        String model = JsonMessages.string(message, "model_name", DEFAULT_MODEL_ALIAS).strip();
        if (model.isEmpty()) {
            model = DEFAULT_MODEL_ALIAS;
        }
        long rate = JsonMessages.integer(message, "sample_rate", DEFAULT_SAMPLE_RATE, 1, Integer.MAX_VALUE);
        if (rate < MIN_SAMPLE_RATE || rate > MAX_SAMPLE_RATE) {
            throw new ProtocolException("bad_field", "sample_rate " + rate + " Hz is outside " + MIN_SAMPLE_RATE + ".." + MAX_SAMPLE_RATE);
        }
        String format = JsonMessages.string(message, "format", "i16").toLowerCase(Locale.ROOT);
        if (!format.equals("i16") && !format.equals("f32")) {
            throw new ProtocolException("bad_field", "format must be \"i16\" or \"f32\", got \"" + format + "\"");
        }
        return new Start(model, (int) rate, format);
    }

    // ---- server -> client messages as records (payload fields; the envelope's type says which) ----

    /** A session's {@code status}: {@code ready} or {@code stopped}, with no message. */
    public record Status(String status) {
    }

    /** {@code partial} or {@code final}: text and (Hark's addition) its audio times; NaN when a v1 server sends none. */
    public record Text(boolean isFinal, String text, double start, double end) {
    }

    /** A session's {@code error}. */
    public record Error(String message) {
    }

    /** The start message a client sends. */
    public static String start(String modelName, int sampleRate, String format) {
        JsonObject o = new JsonObject();
        o.addProperty("type", START);
        o.addProperty("model_name", modelName);
        o.addProperty("sample_rate", sampleRate);
        o.addProperty("format", format);
        return JsonMessages.GSON.toJson(o);
    }

    /** The stop message a client sends. */
    public static String stop() {
        return "{\"type\":\"stop\"}";
    }

    /**
     * Reads a message a v1 server sends: a {@link Status}, {@link Text} or {@link Error} of the session, or for the
     * training broadcasts every {@code /ws} socket receives, a {@link dev.hark.protocol.training.TrainingMessage}.
     * Fields of the wrong type read as absent, as a lenient v1 client would.
     */
    public static Object decodeServerMessage(String text) throws ProtocolException {
        JsonObject message = JsonMessages.parseObject(text);
        String type = JsonMessages.type(message);
        com.google.gson.JsonElement p = message.get("payload");
        JsonObject payload = p != null && p.isJsonObject() ? p.getAsJsonObject() : new JsonObject();
        return switch (type) {
            // every /ws socket also receives the training job's status and error broadcasts: a status with a message
            // (or a run's end state) and an error with a traceback are those, not the session's
            case STATUS -> isTrainingStatus(payload) ? dev.hark.protocol.training.TrainingMessages.decode(type, payload)
                    : new Status(lenientString(payload, "status"));
            // a Hark server's final carries the session so far in "text" and the utterance in "segment_text": the
            // utterance is what a client appends; a v1 server's final has "text" only
            case PARTIAL, FINAL -> new Text(type.equals(FINAL), payload.has(SEGMENT_TEXT) && payload.get(SEGMENT_TEXT).isJsonPrimitive()
                    ? lenientString(payload, SEGMENT_TEXT) : lenientString(payload, "text"), lenientNumber(payload, "start"),
                    lenientNumber(payload, "end"));
            case ERROR -> payload.has("traceback") ? dev.hark.protocol.training.TrainingMessages.decode(type, payload)
                    : new Error(lenientString(payload, "message"));
            default -> {
                if (dev.hark.protocol.training.TrainingMessages.known(type)) {
                    yield dev.hark.protocol.training.TrainingMessages.decode(type, payload);
                }
                throw new ProtocolException("unknown_type", "unknown v1 message type \"" + type + "\"");
            }
        };
    }

    private static boolean isTrainingStatus(JsonObject payload) {
        String status = lenientString(payload, "status");
        if (status.equals("ready")) {
            return false;
        }
        return status.equals("completed") || status.equals("failed") || payload.has("run_id")
                || payload.has("message") && !payload.get("message").isJsonNull();
    }

    private static String lenientString(JsonObject o, String field) {
        com.google.gson.JsonElement e = o.get(field);
        return e != null && e.isJsonPrimitive() ? e.getAsString() : "";
    }

    private static double lenientNumber(JsonObject o, String field) {
        com.google.gson.JsonElement e = o.get(field);
        return e != null && e.isJsonPrimitive() && e.getAsJsonPrimitive().isNumber() ? e.getAsDouble() : Double.NaN;
    }

    public static String status(String status) {
        JsonObject p = new JsonObject();
        p.addProperty("status", status);
        return JsonMessages.envelope(STATUS, p);
    }

    public static String status(String status, String message) {
        JsonObject p = new JsonObject();
        p.addProperty("status", status);
        p.addProperty("message", message);
        return JsonMessages.envelope(STATUS, p);
    }

    /** A partial: the full current hypothesis (a replacement, never an increment). Times are Hark's addition. */
    public static String partial(String text, double start, double end) {
        return JsonMessages.envelope(PARTIAL, timedText(text, start, end));
    }

    /** A final result. Times are Hark's addition; v1 clients read only {@code text}. */
    public static String finalResult(String text, double start, double end) {
        return JsonMessages.envelope(FINAL, timedText(text, start, end));
    }

    /** Hark's field of a v1 {@code final}: the utterance the final closes, while {@code text} is the session so far. */
    public static final String SEGMENT_TEXT = "segment_text";

    /**
     * A final as Hark's server sends it: {@code text} is the session's text so far (v1's final covered the whole
     * session, and v1 clients replace their final box with it), {@code segment_text} the utterance just ended, and
     * {@code start}/{@code end} that utterance's times.
     */
    public static String finalResult(String sessionText, String segmentText, double start, double end) {
        JsonObject p = timedText(sessionText, start, end);
        p.addProperty(SEGMENT_TEXT, segmentText);
        return JsonMessages.envelope(FINAL, p);
    }

    public static String error(String message) {
        JsonObject p = new JsonObject();
        p.addProperty("message", message);
        return JsonMessages.envelope(ERROR, p);
    }

    /** Training failure broadcast, with the trace a user needs to act on it. */
    public static String error(String message, String traceback) {
        JsonObject p = new JsonObject();
        p.addProperty("message", message);
        p.addProperty("traceback", traceback);
        return JsonMessages.envelope(ERROR, p);
    }

    private static JsonObject timedText(String text, double start, double end) {
        JsonObject p = new JsonObject();
        p.addProperty("text", text);
        p.addProperty("start", round3(start));
        p.addProperty("end", round3(end));
        return p;
    }

    static double round3(double seconds) {
        return Math.round(seconds * 1000.0) / 1000.0;
    }
}
