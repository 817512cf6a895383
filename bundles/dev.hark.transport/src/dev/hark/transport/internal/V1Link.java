package dev.hark.transport.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;

import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;


import dev.hark.core.audio.PcmFormat;
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
        sendText(V1.start(model == null || model.isBlank() ? V1.DEFAULT_MODEL_ALIAS : model, sampleRate, format.wireName()));
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
        sendText(V1.stop());
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
        Object message;
        try {
            message = V1.decodeServerMessage(text);
        } catch (ProtocolException e) {
            events.malformed(e.getMessage());
            return;
        }
        switch (message) {
            case V1.Status s when "ready".equals(s.status()) -> events.ready(null);
            case V1.Status s when "stopped".equals(s.status()) -> events.stopped();
            case V1.Status s -> {
                // another session status: nothing to do
            }
            case V1.Text t when t.isFinal() -> events.finalResult(t.text(), t.start(), t.end(), List.of(), -1, Double.NaN);
            case V1.Text t -> events.partial(t.text(), t.start(), t.end());
            case V1.Error e -> events.serverError(e.message(), false);
            default -> {
                // a training broadcast (progress, log, validation, a run's status or error) that every /ws socket
                // receives: not this session's business
            }
        }
    }
}
