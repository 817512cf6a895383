package dev.hark.protocol.training;

import java.util.Map;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import dev.hark.protocol.JsonMessages;
import dev.hark.protocol.ProtocolException;
import dev.hark.protocol.ProtocolJson;

/** The codec of {@link TrainingMessage}s: payloads, v1 envelopes and SSE events. */
public final class TrainingMessages {

    private static final Map<String, Class<? extends TrainingMessage>> TYPES = Map.of(
            TrainingProgress.TYPE, TrainingProgress.class,
            TrainingLog.TYPE, TrainingLog.class,
            ValidationResult.TYPE, ValidationResult.class,
            CheckpointSaved.TYPE, CheckpointSaved.class,
            TrainingStatus.TYPE, TrainingStatus.class,
            TrainingError.TYPE, TrainingError.class,
            DatasetProgress.TYPE, DatasetProgress.class,
            DatasetStatus.TYPE, DatasetStatus.class,
            EvaluationUpdate.PROGRESS, EvaluationUpdate.class,
            EvaluationUpdate.DONE, EvaluationUpdate.class);

    private TrainingMessages() {
    }

    /** True for the types this codec knows. */
    public static boolean known(String type) {
        return TYPES.containsKey(type);
    }

    /** The payload's JSON text. */
    public static String payload(TrainingMessage message) {
        return ProtocolJson.toJson(message);
    }

    /** v1's {@code {"type": T, "payload": P}}, as {@code /ws} broadcasts it. */
    public static String envelope(TrainingMessage message) {
        JsonObject o = new JsonObject();
        o.addProperty("type", message.type());
        o.add("payload", JsonMessages.GSON.toJsonTree(message));
        return JsonMessages.GSON.toJson(o);
    }

    /** An SSE event: {@code event: T}, {@code data: P} and the blank line. */
    public static String sseEvent(TrainingMessage message) {
        return "event: " + message.type() + "\ndata: " + payload(message) + "\n\n";
    }

    /** Reads a payload of a known type. */
    public static TrainingMessage decode(String type, String payloadJson) throws ProtocolException {
        Class<? extends TrainingMessage> c = TYPES.get(type);
        if (c == null) {
            throw new ProtocolException("unknown_type", "unknown training event type \"" + type + "\"");
        }
        return ProtocolJson.fromJson(payloadJson, c);
    }

    /** Reads a payload already parsed (e.g. from a v1 envelope). */
    public static TrainingMessage decode(String type, JsonElement payload) throws ProtocolException {
        Class<? extends TrainingMessage> c = TYPES.get(type);
        if (c == null) {
            throw new ProtocolException("unknown_type", "unknown training event type \"" + type + "\"");
        }
        if (payload == null || !payload.isJsonObject()) {
            throw new ProtocolException("bad_field", "\"payload\" of " + type + " must be an object");
        }
        try {
            return JsonMessages.GSON.fromJson(payload, c);
        } catch (RuntimeException e) {
            throw new ProtocolException("bad_field", "bad " + type + " payload: " + e.getMessage());
        }
    }

    /** Reads a v1 envelope {@code {"type": T, "payload": P}} of a training type. */
    public static TrainingMessage decodeEnvelope(String text) throws ProtocolException {
        JsonObject o = JsonMessages.parseObject(text);
        return decode(JsonMessages.type(o), o.get("payload"));
    }
}
