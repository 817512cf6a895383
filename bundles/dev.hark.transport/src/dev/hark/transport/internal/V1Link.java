package dev.hark.transport.internal;

import java.io.ByteArrayOutputStream;
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
 * every socket (a run's {@code status} with a message, progress, logs) are told apart from the session's
 * own messages by {@link V1#decodeServerMessage} and ignored here (the training client has its own channel).
 *
 * <p>Audio goes out in frames of {@link #FRAME_MILLIS} ms: asr-test runs an inference on (almost) every
 * frame once it falls behind, so the session's 20 ms frames are gathered here and the rest is sent before
 * the stop.
 */
public final class V1Link extends LinkSupport implements ProtocolLink {

    /** Audio per frame sent to a v1 server. */
    public static final int FRAME_MILLIS = 100;

    /** Audio not sent yet (less than a frame); touched by the sending thread only, and by {@link #stop()} after it. */
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
    private int frameBytes = 1;

    public V1Link(LinkEvents events) {
        super(events);
    }

    @Override
    public int version() {
        return 1;
    }

    @Override
    public void begin(String model, int sampleRate, PcmFormat format) {
        frameBytes = Math.max(1, sampleRate * FRAME_MILLIS / 1000) * format.bytesPerSample();
        sendText(V1.start(model == null || model.isBlank() ? V1.DEFAULT_MODEL_ALIAS : model, sampleRate, format.wireName()));
    }

    @Override
    public void resume(String session, String token, String model, int sampleRate, PcmFormat format, long ackedSeq, double ackedTime,
            String state, java.util.List<ResendBuffer.Frame> warmUp) {
        throw new UnsupportedOperationException("v1 cannot resume");
    }

    @Override
    public void sendAudio(long seq, byte[] pcm) throws IOException {
        synchronized (pending) {
            pending.write(pcm, 0, pcm.length);
            if (pending.size() < frameBytes) {
                return;
            }
        }
        sendBinaryAndWait(ByteBuffer.wrap(takePending()));
    }

    private byte[] takePending() {
        synchronized (pending) {
            byte[] b = pending.toByteArray();
            pending.reset();
            return b;
        }
    }

    @Override
    public void stop() {
        byte[] rest = takePending();
        Session s = session;
        if (rest.length > 0 && s != null && s.isOpen()) {
            s.sendBinary(ByteBuffer.wrap(rest), Callback.NOOP); // queued ahead of the stop: frames leave in order
        }
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
