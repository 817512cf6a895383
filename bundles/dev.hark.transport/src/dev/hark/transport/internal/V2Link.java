package dev.hark.transport.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import dev.hark.core.audio.PcmFormat;
import dev.hark.protocol.ProtocolException;
import dev.hark.protocol.V2;
import dev.hark.core.transcript.Segment;

/** Protocol v2 as a client (docs/protocol.md): hello, start or resume, sequence-numbered frames, acks, ping. */
public final class V2Link extends LinkSupport implements ProtocolLink {

    /** How long to wait before resuming a session the server still sees streaming on the dropped connection. */
    static final long RETRY_LIVE_MS = 1_000;

    private final String clientName;
    private final AtomicLong pings = new AtomicLong();
    private volatile boolean helloDone;
    private volatile Runnable afterHello;

    public V2Link(LinkEvents events, String clientName) {
        super(events);
        this.clientName = clientName;
    }

    @Override
    public int version() {
        return 2;
    }

    @Override
    protected void opened() {
        sendText(V2.encode(new V2.Hello(V2.PROTOCOL, clientName)));
    }

    private synchronized void whenHelloDone(Runnable action) {
        if (helloDone) {
            action.run();
        } else {
            afterHello = action;
        }
    }

    private synchronized void helloReceived() {
        helloDone = true;
        Runnable r = afterHello;
        afterHello = null;
        if (r != null) {
            r.run();
        }
    }

    @Override
    public void begin(String model, int sampleRate, PcmFormat format) {
        whenHelloDone(() -> sendText(V2.encode(new V2.Start(model, sampleRate, format.wireName()))));
    }

    @Override
    public void resume(String session, String token, String model, int sampleRate, PcmFormat format, long ackedSeq, double ackedTime,
            String state, java.util.List<ResendBuffer.Frame> warmUp) {
        whenHelloDone(() -> {
            sendText(V2.encode(new V2.Resume(session, model, sampleRate, format.wireName(), ackedSeq, ackedTime, token, state,
                    warmUp.size())));
            for (ResendBuffer.Frame f : warmUp) { // queued in order, behind the resume
                sendBinary(V2.audioFrame(f.seq(), f.pcm(), 0, f.pcm().length));
            }
        });
    }

    @Override
    public void sendAudio(long seq, byte[] pcm) throws IOException {
        sendBinaryAndWait(V2.audioFrame(seq, pcm, 0, pcm.length));
    }

    @Override
    public void stop() {
        sendText(V2.encode(new V2.Stop()));
    }

    @Override
    public void ping() {
        if (helloDone) {
            sendText(V2.encode(new V2.Ping(pings.incrementAndGet(), System.nanoTime() / 1_000_000)));
        }
    }

    @Override
    public void onWebSocketBinary(ByteBuffer payload, org.eclipse.jetty.websocket.api.Callback callback) {
        callback.succeed();
        events.malformed("unexpected binary message of " + payload.remaining() + " bytes from the server");
    }

    @Override
    public void onWebSocketText(String text) {
        Record message;
        try {
            message = V2.decodeServerMessage(text);
        } catch (ProtocolException e) {
            events.malformed(e.getMessage());
            return;
        }
        switch (message) {
            case V2.ServerHello hello -> {
                if (hello.protocol() != V2.PROTOCOL) {
                    events.serverError("the server speaks protocol " + hello.protocol() + ", not 2", true);
                    return;
                }
                helloReceived();
            }
            case V2.Started started -> events.started(started.session(), started.resumeToken());
            case V2.Ready ready -> events.ready(ready.session());
            case V2.Resumed resumed -> events.resumed(resumed.nextSeq(), resumed.restored());
            case V2.Partial p -> events.partial(nz(p.text()), p.start(), p.end());
            case V2.Final f -> {
                if (f.state() != null) {
                    events.adaptiveState(f.ackSeq(), f.state());
                }
                events.finalResult(nz(f.text()), f.start(), f.end(), words(f.words()), f.ackSeq(), f.ackTime());
            }
            case V2.Ack ack -> {
                if (ack.state() != null) {
                    events.adaptiveState(ack.seq(), ack.state());
                }
                events.ack(ack.seq(), ack.time());
            }
            case V2.Stopped stopped -> events.stopped();
            case V2.Error error when V2.BAD_WARM_UP.equals(error.code()) && !error.fatal() ->
                events.warmUpRefused(nz(error.message()) + " (" + error.code() + ")");
            case V2.Error error when (V2.BUSY.equals(error.code()) || V2.SESSION_LIVE.equals(error.code())) && !error.fatal() ->
                events.busy(nz(error.message()) + " (" + error.code() + ")",
                        error.retryAfterMs() == null ? RETRY_LIVE_MS : Math.max(0, error.retryAfterMs()));
            case V2.Error error when V2.BAD_STATE.equals(error.code()) -> events.stateRefused(nz(error.message()) + " (" + error.code() + ")");
            case V2.Error error -> events.serverError(nz(error.message()) + (error.code() == null ? "" : " (" + error.code() + ")"),
                    error.fatal());
            case V2.Ping ping -> sendText(V2.encode(new V2.Pong(ping.id(), ping.t())));
            case V2.Pong pong -> events.rtt(System.nanoTime() / 1_000_000 - pong.t());
            default -> events.malformed("unexpected " + message.getClass().getSimpleName());
        }
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    private static List<Segment.Word> words(List<V2.WordTime> words) {
        if (words == null) {
            return List.of();
        }
        return words.stream().filter(w -> w != null && w.word() != null)
                .map(w -> new Segment.Word(w.word(), w.start(), w.end(), w.confidence() == null ? Double.NaN : w.confidence()))
                .toList();
    }
}
