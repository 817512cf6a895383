package dev.hark.core.protocol;

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
