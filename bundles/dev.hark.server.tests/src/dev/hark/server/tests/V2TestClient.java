package dev.hark.server.tests;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.google.gson.JsonObject;

import dev.hark.core.audio.PcmDecoder;
import dev.hark.core.audio.PcmFormat;
import dev.hark.protocol.V2;
import dev.hark.testing.TestSocket;

/**
 * A minimal v2 client for the tests: keeps unacknowledged frames for resending, follows acks and
 * collects finals by segment. (The workbench's own client comes with the transport bundle.)
 */
final class V2TestClient implements AutoCloseable {

    static final Duration WAIT = Duration.ofSeconds(30);

    private final int rate;
    private final PcmFormat format;
    private final String model;
    private final List<byte[]> frames = new ArrayList<>();
    final Map<Long, String> finals = new TreeMap<>();
    final List<String> errors = new ArrayList<>();
    int partials;
    TestSocket socket;
    String session;
    String token;
    long ackedSeq = -1;
    double ackedTime;
    long nextSeq;
    /** The adaptive state of the newest final or ack that had one; brought back in a resume. */
    String state;
    /** The state before {@link #state} and the sequence number of the message that brought {@link #state}. */
    String olderState;
    long stateSeq = -1;
    long olderStateSeq = -1;
    /** Committed frames a resume sends again after the resume message (warm_up_frames); 0 for none. */
    int warmUp;

    V2TestClient(String model, float[] audio, int rate, PcmFormat format, int frameSamples) {
        this.model = model;
        this.rate = rate;
        this.format = format;
        for (int off = 0; off < audio.length; off += frameSamples) {
            frames.add(PcmDecoder.encode(audio, off, Math.min(frameSamples, audio.length - off), format));
        }
    }

    int frameCount() {
        return frames.size();
    }

    JsonObject connect(URI uri) throws Exception {
        socket = TestSocket.open(uri);
        socket.text("{\"type\":\"hello\",\"protocol\":2,\"client\":\"hark-tests\"}");
        JsonObject hello = Messages.parse(socket.next(WAIT));
        if (!"hello".equals(hello.get("type").getAsString())) {
            throw new AssertionError("expected hello, got " + hello);
        }
        return hello;
    }

    void start() throws Exception {
        socket.text("{\"type\":\"start\",\"model\":\"" + model + "\",\"sample_rate\":" + rate + ",\"format\":\"" + format.wireName() + "\"}");
        JsonObject started = expect("started");
        session = started.get("session").getAsString();
        token = started.get("resume_token").getAsString();
        expect("ready");
        nextSeq = 0;
    }

    /** Resumes after a reconnect; returns whether the server still had the session. */
    boolean resume() throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        JsonObject resumed;
        while (true) {
            // until the server has seen the old connection drop, it keeps the session live and says so: retry, as
            // the workbench's client does
            socket.text(resumeMessage(token));
            sendWarmUp();
            resumed = Messages.parse(socket.nextMatching(WAIT, m -> Messages.type(m).equals("resumed")
                    || m.contains("\"" + V2.SESSION_LIVE + "\""), null));
            if (Messages.type(resumed.toString()).equals("resumed")) {
                break;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the session stayed live on the dropped connection: " + resumed);
            }
            Thread.sleep(resumed.has("retry_after_ms") ? resumed.get("retry_after_ms").getAsLong() : 200);
        }
        nextSeq = resumed.get("next_seq").getAsLong();
        expect("ready");
        return resumed.get("restored").getAsBoolean();
    }

    /** The resume message of this client's session, with {@code presentedToken}. */
    String resumeMessage(String presentedToken) {
        return "{\"type\":\"resume\",\"session\":\"" + session + "\",\"token\":\"" + presentedToken + "\",\"model\":\"" + model + "\",\"sample_rate\":" + rate
                + ",\"format\":\"" + format.wireName() + "\",\"acked_seq\":" + ackedSeq + ",\"acked_time\":" + ackedTime
                + (state == null ? "" : ",\"state\":\"" + state + "\"") + (warmUp == 0 ? "" : ",\"warm_up_frames\":" + warmUp)
                + "}";
    }

    /** Sends the {@link #warmUp} committed frames that end at {@link #ackedSeq} (right after a resume message). */
    void sendWarmUp() throws Exception {
        for (long seq = ackedSeq - warmUp + 1; seq <= ackedSeq; seq++) {
            socket.binary(V2.audioFrame(seq, frames.get((int) seq), 0, frames.get((int) seq).length));
        }
    }

    /** Sends frames from {@link #nextSeq} up to (excluding) {@code until}, reading what arrives. */
    void sendUntil(int until) throws Exception {
        for (; nextSeq < until; nextSeq++) {
            socket.binary(V2.audioFrame(nextSeq, frames.get((int) nextSeq), 0, frames.get((int) nextSeq).length));
            absorb(socket.drain());
        }
    }

    /** Handles whatever arrived. */
    void poll() {
        absorb(socket.drain());
    }

    void stop() throws Exception {
        socket.text("{\"type\":\"stop\"}");
        expect("stopped");
    }

    /** Reads messages until one of {@code type}; handles the others on the way. */
    JsonObject expect(String type) throws Exception {
        while (true) {
            String raw = socket.next(WAIT);
            JsonObject m = Messages.parse(raw);
            if (m.get("type").getAsString().equals(type)) {
                absorb(List.of(raw));
                return m;
            }
            if (m.get("type").getAsString().equals("error")) {
                errors.add(raw);
                if (m.get("fatal").getAsBoolean()) {
                    throw new AssertionError("fatal error while waiting for " + type + ": " + raw);
                }
                continue;
            }
            absorb(List.of(raw));
        }
    }

    private void absorb(List<String> messages) {
        for (String raw : messages) {
            JsonObject m = Messages.parse(raw);
            switch (m.get("type").getAsString()) {
                case "final" -> {
                    finals.put(m.get("segment").getAsLong(), m.get("text").getAsString());
                    if (m.get("ack_seq").getAsLong() > ackedSeq) {
                        ackedSeq = m.get("ack_seq").getAsLong();
                        ackedTime = m.get("ack_time").getAsDouble();
                    }
                    newState(m, m.get("ack_seq").getAsLong());
                }
                case "ack" -> {
                    if (m.get("seq").getAsLong() > ackedSeq) {
                        ackedSeq = m.get("seq").getAsLong();
                        ackedTime = m.get("time").getAsDouble();
                    }
                    newState(m, m.get("seq").getAsLong());
                }
                case "partial" -> partials++;
                case "error" -> errors.add(raw);
                default -> {
                }
            }
        }
    }

    private void newState(JsonObject m, long seq) {
        if (m.has("state") && !m.get("state").getAsString().equals(state)) {
            olderState = state;
            olderStateSeq = stateSeq;
            state = m.get("state").getAsString();
            stateSeq = seq;
        }
    }

    String transcript() {
        return String.join(" ", finals.values());
    }

    @Override
    public void close() {
        if (socket != null) {
            socket.close();
        }
    }
}
