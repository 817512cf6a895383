package dev.hark.transport.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;

import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import dev.hark.core.audio.PcmFormat;
import dev.hark.protocol.JsonMessages;
import dev.hark.protocol.ProtocolException;
import dev.hark.protocol.V1;

/**
 * Protocol v1 as a client: any asr-test-compatible server. v1 has no sequence numbers, acks or resume;
 * round trips are measured with WebSocket ping frames. Training broadcasts that v1 servers push to
 * every socket are ignored here (the training client has its own channel).
 */
public final class V1Link extends LinkSupport implements ProtocolLink {

    public V1Link(LinkEvents events) {
        super(events);
    }

    @Override
    public int version() {
        return 1;
    }

    @Override
    public void begin(String model, int sampleRate, PcmFormat format) {
        JsonObject start = new JsonObject();
        start.addProperty("type", V1.START);
        start.addProperty("model_name", model == null || model.isBlank() ? V1.DEFAULT_MODEL_ALIAS : model);
        start.addProperty("sample_rate", sampleRate);
        start.addProperty("format", format.wireName());
        sendText(JsonMessages.GSON.toJson(start));
    }

    @Override
    public void resume(String session, String model, int sampleRate, PcmFormat format, long ackedSeq, double ackedTime) {
        throw new UnsupportedOperationException("v1 cannot resume");
    }

    @Override
    public void sendAudio(long seq, byte[] pcm) throws IOException {
        sendBinaryAndWait(ByteBuffer.wrap(pcm));
    }

    @Override
    public void stop() {
        sendText("{\"type\":\"stop\"}");
    }

    @Override
    public void ping() {
        Session s = session;
        if (s != null && s.isOpen()) {
            ByteBuffer payload = ByteBuffer.allocate(8).putLong(System.nanoTime()).flip();
            s.sendPing(payload, Callback.NOOP);
        }
    }

    @Override
    public void onWebSocketPong(ByteBuffer payload) {
        if (payload.remaining() == 8) {
            events.rtt((System.nanoTime() - payload.getLong()) / 1_000_000);
        }
    }

    @Override
    public void onWebSocketBinary(ByteBuffer payload, org.eclipse.jetty.websocket.api.Callback callback) {
        callback.succeed();
        events.malformed("unexpected binary message of " + payload.remaining() + " bytes from a v1 server");
    }

    @Override
    public void onWebSocketText(String text) {
        JsonObject message;
        try {
            message = JsonMessages.parseObject(text);
        } catch (ProtocolException e) {
            events.malformed(e.getMessage());
            return;
        }
        String type = JsonMessages.type(message);
        JsonElement p = message.get("payload");
        JsonObject payload = p != null && p.isJsonObject() ? p.getAsJsonObject() : new JsonObject();
        switch (type) {
            case V1.STATUS -> {
                String status = string(payload, "status");
                if ("ready".equals(status)) {
                    events.ready(null);
                } else if ("stopped".equals(status)) {
                    events.stopped();
                }
                // "completed"/"stopped" with a message are training statuses: not ours
            }
            case V1.PARTIAL -> events.partial(string(payload, "text"), number(payload, "start"), number(payload, "end"));
            case V1.FINAL -> events.finalResult(string(payload, "text"), number(payload, "start"), number(payload, "end"),
                    List.of(), -1, Double.NaN);
            case V1.ERROR -> {
                if (!payload.has("traceback")) { // a traceback marks a training failure broadcast
                    events.serverError(string(payload, "message"), false);
                }
            }
            case V1.PROGRESS, V1.LOG, V1.VALIDATION_RESULT -> {
                // training broadcasts: ignored by the streaming session
            }
            default -> events.malformed("unknown v1 message type \"" + type + "\"");
        }
    }

    private static String string(JsonObject o, String field) {
        JsonElement e = o.get(field);
        return e != null && e.isJsonPrimitive() ? e.getAsString() : "";
    }

    private static double number(JsonObject o, String field) {
        JsonElement e = o.get(field);
        return e != null && e.isJsonPrimitive() && e.getAsJsonPrimitive().isNumber() ? e.getAsDouble() : Double.NaN;
    }
}
