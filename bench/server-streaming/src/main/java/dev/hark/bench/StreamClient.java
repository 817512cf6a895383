package dev.hark.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import com.google.gson.JsonObject;

import dev.hark.bench.common.Json;

/**
 * One protocol v2 stream (docs/protocol.md) over a real socket: hello, start, binary frames of 10 ms of 48 kHz
 * f32 with the 8-byte little-endian sequence header, stop. Frames go either as fast as the server takes them
 * (each send waits for the previous one: the server's reading is the backpressure) or paced at real time on
 * this stream's own schedule. Records when each frame left and when each final arrived (System.nanoTime).
 */
final class StreamClient {

    static final int FRAME_SAMPLES = Corpus.RATE / 100;
    static final long FRAME_NANOS = 10_000_000L;

    /**
     * A final as it arrived; {@code ackSeq} is the frame whose processing produced it (the last frame when
     * {@code stop} flushed it).
     */
    record Final(long arrived, double start, double end, String text, long ackSeq) {
    }

    /** A control message; {@code body} is the JSON object, or what the socket said when it closed. */
    private record Message(String type, Object body, long arrived) {
    }

    private final HttpClient http;
    private final URI uri;
    private final String model;
    private final Corpus.Stream audio;
    private final boolean paced;
    private final long phaseNanos;

    // results
    long[] sentAt;
    long firstSend;
    long lastSend;
    long stopSent;
    long stoppedAt;
    long readyNanos;
    long maxLagNanos;
    final List<Final> finals = Collections.synchronizedList(new ArrayList<>());
    final List<String> errors = Collections.synchronizedList(new ArrayList<>());
    private final BlockingQueue<Message> control = new LinkedBlockingQueue<>();

    StreamClient(HttpClient http, URI uri, String model, Corpus.Stream audio, boolean paced, long phaseNanos) {
        this.http = http;
        this.uri = uri;
        this.model = model;
        this.audio = audio;
        this.paced = paced;
        this.phaseNanos = phaseNanos;
    }

    Corpus.Stream audio() {
        return audio;
    }

    /** Connects, says hello, starts a session and waits for ready. */
    WebSocket open() throws Exception {
        WebSocket ws = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10))
                .buildAsync(uri, new Listener()).get(15, TimeUnit.SECONDS);
        ws.sendText("{\"type\":\"hello\",\"protocol\":2,\"client\":\"hark-bench/0.1\"}", true).get(10, TimeUnit.SECONDS);
        await("hello", 15);
        long t = System.nanoTime();
        ws.sendText("{\"type\":\"start\",\"model\":\"" + model + "\",\"sample_rate\":" + Corpus.RATE + ",\"format\":\"f32\"}", true)
                .get(10, TimeUnit.SECONDS);
        await("started", 30);
        await("ready", 60);
        readyNanos = System.nanoTime() - t;
        return ws;
    }

    /**
     * Sends every frame (from {@code t0 + phase} on, every 10 ms, when paced), then stop, and waits for
     * {@code stopped}. Bounded: gives up at {@code deadline} (nanoTime).
     */
    void stream(WebSocket ws, long t0, long deadline) throws Exception {
        float[] x = audio.samples();
        int frames = (x.length + FRAME_SAMPLES - 1) / FRAME_SAMPLES;
        sentAt = new long[frames];
        ByteBuffer frame = ByteBuffer.allocate(8 + 4 * FRAME_SAMPLES).order(ByteOrder.LITTLE_ENDIAN);
        long start = t0 + phaseNanos;
        for (int k = 0; k < frames; k++) {
            if (paced) {
                long due = start + k * FRAME_NANOS;
                long now;
                while ((now = System.nanoTime()) < due) {
                    LockSupport.parkNanos(due - now);
                }
                maxLagNanos = Math.max(maxLagNanos, now - due);
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("deadline passed while sending frame " + k + " of " + frames);
            }
            int from = k * FRAME_SAMPLES;
            int n = Math.min(FRAME_SAMPLES, x.length - from);
            frame.clear();
            frame.putLong(k);
            for (int j = 0; j < n; j++) {
                frame.putFloat(x[from + j]);
            }
            frame.flip();
            ws.sendBinary(frame, true).get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            long now = System.nanoTime();
            if (k == 0) {
                firstSend = now;
            }
            sentAt[k] = now;
        }
        lastSend = sentAt[frames - 1];
        stopSent = System.nanoTime();
        ws.sendText("{\"type\":\"stop\"}", true).get(10, TimeUnit.SECONDS);
        long left = Math.max(1, deadline - System.nanoTime());
        stoppedAt = awaitUntil("stopped", left).arrived();
    }

    void close(WebSocket ws) {
        try {
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "bench done").get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            ws.abort();
        }
    }

    /** The frame that holds the sample at {@code sample}. */
    static int frameOf(int sample) {
        return sample / FRAME_SAMPLES;
    }

    private Message await(String type, int seconds) throws Exception {
        return awaitUntil(type, TimeUnit.SECONDS.toNanos(seconds));
    }

    private Message awaitUntil(String type, long nanos) throws Exception {
        long end = System.nanoTime() + nanos;
        while (true) {
            long left = end - System.nanoTime();
            Message m = left <= 0 ? null : control.poll(left, TimeUnit.NANOSECONDS);
            if (m == null) {
                throw new IllegalStateException("no '" + type + "' from the server in time; errors: " + errors);
            }
            if (m.type().equals(type)) {
                return m;
            }
            if (m.type().equals("error") || m.type().equals("closed")) {
                throw new IllegalStateException("server said " + m.body() + " while waiting for '" + type + "'");
            }
        }
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder text = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                long arrived = System.nanoTime();
                String json = text.toString();
                text.setLength(0);
                handle(json, arrived);
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
            control.add(new Message("closed", Map.of("code", statusCode, "reason", reason), System.nanoTime()));
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            errors.add(String.valueOf(error));
            control.add(new Message("closed", Map.of("error", String.valueOf(error)), System.nanoTime()));
        }

        private void handle(String json, long arrived) {
            JsonObject m;
            try {
                m = Json.object(json);
            } catch (RuntimeException e) {
                errors.add("unreadable message: " + json);
                return;
            }
            String type = Json.str(m, "type");
            switch (type == null ? "" : type) {
                case "final" -> finals.add(new Final(arrived, Json.num(m, "start"), Json.num(m, "end"),
                        Json.str(m, "text"), (long) Json.num(m, "ack_seq")));
                case "partial", "ack", "pong" -> {
                }
                case "error" -> {
                    errors.add(json);
                    control.add(new Message(type, m, arrived));
                }
                default -> control.add(new Message(type, m, arrived));
            }
        }
    }
}
