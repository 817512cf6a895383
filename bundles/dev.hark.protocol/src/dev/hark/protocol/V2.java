package dev.hark.protocol;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Map;

import com.google.gson.JsonObject;

/**
 * Protocol v2: Hark's own streaming protocol with session ids, sequence-numbered audio,
 * acknowledgements of committed audio, resume, timed segments and application ping/pong.
 * docs/protocol.md is the specification; this class holds its message types and codecs.
 *
 * <p>Text messages are JSON objects with a {@code type}; field names are snake_case. Audio travels in
 * binary frames: an 8-byte little-endian sequence number followed by mono PCM in the session's format.
 */
public final class V2 {

    public static final int PROTOCOL = 2;
    /** The WebSocket path of v2 on a Hark server. */
    public static final String PATH = "/v2/stream";
    /** Bytes of the sequence-number header of a binary audio frame. */
    public static final int FRAME_HEADER_BYTES = 8;

    // close codes (RFC 6455 ranges: 1000-1015 standard, 4000-4999 application)
    public static final int CLOSE_NORMAL = 1000;
    public static final int CLOSE_GOING_AWAY = 1001;
    public static final int CLOSE_POLICY = 1008;
    public static final int CLOSE_TOO_BIG = 1009;
    public static final int CLOSE_ENGINE_FAILURE = 1011;
    /** The client did not say hello with a protocol this server speaks. */
    public static final int CLOSE_PROTOCOL_VERSION = 4000;
    /** The client sent no valid message within the handshake time. */
    public static final int CLOSE_HANDSHAKE_TIMEOUT = 4001;
    /** Missing or wrong token. */
    public static final int CLOSE_UNAUTHORIZED = 4401;
    /** Application-level pings went unanswered. */
    public static final int CLOSE_PING_TIMEOUT = 4408;

    /**
     * Largest sequence number (and {@code acked_seq}) accepted: 2^53 - 1, so that it survives any JSON reader and
     * {@code seq + 1} never overflows. At 50 frames a second that is 5.7 million years of audio.
     */
    public static final long MAX_SEQ = (1L << 53) - 1;

    // ---- error codes with a meaning clients act on (docs/protocol.md lists every code) ----
    /** The model's stream capacity is in use: retry after {@code retry_after_ms}; nothing was queued. */
    public static final String BUSY = "busy";
    /** A resume named a session that is streaming on another connection right now. */
    public static final String SESSION_LIVE = "session_live";
    /** A resume's token does not match the session's. */
    public static final String BAD_TOKEN = "bad_token";
    /** A resume's adaptive {@code state} is not one the engine made: resume again without it. */
    public static final String BAD_STATE = "bad_state";
    /** A resume's warm-up frames came out of order or over the limit: the decoder starts with those that came. */
    public static final String BAD_WARM_UP = "bad_warm_up";

    private V2() {
    }

    // ---- message types ----
    public static final String HELLO = "hello";
    public static final String START = "start";
    public static final String RESUME = "resume";
    public static final String STOP = "stop";
    public static final String PING = "ping";
    public static final String PONG = "pong";
    public static final String STARTED = "started";
    public static final String READY = "ready";
    public static final String RESUMED = "resumed";
    public static final String PARTIAL = "partial";
    public static final String FINAL = "final";
    public static final String ACK = "ack";
    public static final String STOPPED = "stopped";
    public static final String ERROR = "error";

    // ---- client -> server ----

    /** First message of a client: the protocol it speaks. */
    public record Hello(int protocol, String client) {
    }

    /** Opens a new session. */
    public record Start(String model, int sampleRate, String format) {
    }

    /**
     * Continues a session after a reconnect. {@code ackedSeq} is the last sequence number the client saw
     * acknowledged (-1 for none) and {@code ackedTime} the audio time (s) it covers; a server that lost the
     * session (restart) starts it afresh from there and the client replays the frames after {@code ackedSeq}.
     * {@code token} is the resume token {@link Started} gave: a session is only continued by who started it.
     * {@code state} (optional) is the last {@link Final#state()} or {@link Ack#state()} the client received: a server
     * that lost the session starts its new decoder from it, so that the replayed audio is recognized as the lost
     * decoder would have.
     *
     * <p>{@code warmUpFrames} (optional, 0 for none, at most {@link #MAX_WARM_UP_FRAMES}) says that the client sends
     * the last that many <em>committed</em> frames again right after this message (sequence numbers
     * {@code ackedSeq - warmUpFrames + 1} to {@code ackedSeq}), and that {@code state} is the one it received before
     * them. A server that lost the session recognizes them first, results discarded, so that its new decoder's
     * adaptive state (cepstral mean, noise estimate, voice activity detector) is the lost one's; a server that kept
     * the session ignores them as resends. At most {@link #MAX_WARM_UP_SECONDS} s of audio.
     */
    public record Resume(String session, String model, int sampleRate, String format, long ackedSeq, double ackedTime,
            String token, String state, int warmUpFrames) {
        public Resume(String session, String model, int sampleRate, String format, long ackedSeq, double ackedTime,
                String token) {
            this(session, model, sampleRate, format, ackedSeq, ackedTime, token, null);
        }

        public Resume(String session, String model, int sampleRate, String format, long ackedSeq, double ackedTime,
                String token, String state) {
            this(session, model, sampleRate, format, ackedSeq, ackedTime, token, state, 0);
        }
    }

    /** Most frames a {@link Resume} may announce as warm-up. */
    public static final int MAX_WARM_UP_FRAMES = 4096;
    /** Most audio (s) a {@link Resume}'s warm-up frames may hold together. */
    public static final int MAX_WARM_UP_SECONDS = 15;

    public record Stop() {
    }

    /** Application ping, either direction; the peer echoes {@code id} and {@code t} in a pong. */
    public record Ping(long id, long t) {
    }

    public record Pong(long id, long t) {
    }

    // ---- server -> client ----

    /** The server's answer to hello: what it can do. */
    public record ServerHello(int protocol, String server, List<String> formats, boolean resume, boolean wordTimes,
            int maxFrameBytes, long pingIntervalMs, long resumeWindowMs, List<String> models) {
    }

    /** {@code resumeToken} is the secret a {@link Resume} of this session must present (the session id is not enough). */
    public record Started(String session, String model, int sampleRate, int engineRate, String resumeToken) {
    }

    /** The model is loaded; audio sent so far is being recognized. */
    public record Ready(String session) {
    }

    /** Resume accepted: send frames from {@code nextSeq} on. {@code restored} is false when the server had lost the session. */
    public record Resumed(String session, long nextSeq, boolean restored) {
    }

    /** The current hypothesis of the open segment; replaces the previous partial of the same segment. */
    public record Partial(String session, long segment, String text, double start, double end) {
    }

    /**
     * A committed segment. All audio up to frame {@code ackSeq}, which ends at session time
     * {@code ackTime} (s), is covered by this and earlier finals. {@code state} (optional, opaque, at most
     * {@link #MAX_STATE_CHARS} characters) is the recognizer's adaptive state at that point, for a later {@link Resume}.
     */
    public record Final(String session, long segment, String text, double start, double end, List<WordTime> words,
            long ackSeq, double ackTime, String state) {
        public Final(String session, long segment, String text, double start, double end, List<WordTime> words,
                long ackSeq, double ackTime) {
            this(session, segment, text, start, end, words, ackSeq, ackTime, null);
        }
    }

    /** A word with its times (s) and confidence in [0,1] (null when the engine gives none). */
    public record WordTime(String word, double start, double end, Double confidence) {
    }

    /**
     * Frames up to {@code seq} are committed: the client may drop them from its resend buffer. {@code lagMs} is how far
     * the server's recognition runs behind real time (ms): wall time since the session's first frame minus the audio
     * recognized, never below 0; a real-time client whose lag grows is sending faster than the server recognizes.
     * {@code state} is as in {@link Final}.
     */
    public record Ack(String session, long seq, double time, long lagMs, String state) {
        public Ack(String session, long seq, double time, long lagMs) {
            this(session, seq, time, lagMs, null);
        }
    }

    public record Stopped(String session, long ackSeq) {
    }

    /**
     * {@code fatal} errors are followed by a close; others leave the session usable. {@code retryAfterMs} (only
     * with {@link #BUSY}, otherwise absent) says when trying again may succeed.
     */
    public record Error(String code, String message, boolean fatal, Long retryAfterMs) {
        public Error(String code, String message, boolean fatal) {
            this(code, message, fatal, null);
        }
    }

    private static final Map<Class<?>, String> TYPES = Map.ofEntries(
            Map.entry(Hello.class, HELLO), Map.entry(ServerHello.class, HELLO), Map.entry(Start.class, START),
            Map.entry(Resume.class, RESUME), Map.entry(Stop.class, STOP), Map.entry(Ping.class, PING),
            Map.entry(Pong.class, PONG), Map.entry(Started.class, STARTED), Map.entry(Ready.class, READY),
            Map.entry(Resumed.class, RESUMED), Map.entry(Partial.class, PARTIAL), Map.entry(Final.class, FINAL),
            Map.entry(Ack.class, ACK), Map.entry(Stopped.class, STOPPED), Map.entry(Error.class, ERROR));

    private static final Map<String, Class<?>> CLIENT_MESSAGES = Map.of(HELLO, Hello.class, START, Start.class,
            RESUME, Resume.class, STOP, Stop.class, PING, Ping.class, PONG, Pong.class);

    private static final Map<String, Class<?>> SERVER_MESSAGES = Map.ofEntries(Map.entry(HELLO, ServerHello.class),
            Map.entry(STARTED, Started.class), Map.entry(READY, Ready.class), Map.entry(RESUMED, Resumed.class),
            Map.entry(PARTIAL, Partial.class), Map.entry(FINAL, Final.class), Map.entry(ACK, Ack.class),
            Map.entry(STOPPED, Stopped.class), Map.entry(ERROR, Error.class), Map.entry(PING, Ping.class),
            Map.entry(PONG, Pong.class));

    private static final java.util.Set<String> OPTIONAL_FIELDS = java.util.Set.of("retry_after_ms", "state");

    /** Longest adaptive {@code state} a server sends or takes in a resume; its characters are {@code [A-Za-z0-9._-]}. */
    public static final int MAX_STATE_CHARS = 1024;

    /** JSON text of a v2 message record, with its {@code type}. */
    public static String encode(Record message) {
        String type = TYPES.get(message.getClass());
        if (type == null) {
            throw new IllegalArgumentException("not a v2 message: " + message.getClass());
        }
        JsonObject o = JsonMessages.GSON.toJsonTree(message).getAsJsonObject();
        JsonObject out = new JsonObject();
        out.addProperty("type", type);
        // optional fields (an error's retry_after_ms) are left out rather than written as null
        o.entrySet().stream().filter(e -> !(e.getValue().isJsonNull() && OPTIONAL_FIELDS.contains(e.getKey())))
                .forEach(e -> out.add(e.getKey(), e.getValue()));
        return JsonMessages.GSON.toJson(out);
    }

    /** Decodes a message a client sent (server side). Field values still need range checks by the caller. */
    public static Record decodeClientMessage(String text) throws ProtocolException {
        return decode(text, CLIENT_MESSAGES);
    }

    /** Decodes a message a server sent (client side). */
    public static Record decodeServerMessage(String text) throws ProtocolException {
        return decode(text, SERVER_MESSAGES);
    }

    private static Record decode(String text, Map<String, Class<?>> types) throws ProtocolException {
        JsonObject o = JsonMessages.parseObject(text);
        String type = JsonMessages.type(o);
        Class<?> cls = types.get(type);
        if (cls == null) {
            throw new ProtocolException("unknown_type", "unknown message type \"" + type + "\"");
        }
        StrictNumbers.check(o, cls, type);
        try {
            return (Record) JsonMessages.GSON.fromJson(o, cls);
        } catch (RuntimeException e) {
            throw new ProtocolException("bad_field", "malformed \"" + type + "\": " + e.getMessage());
        }
    }

    /** A binary audio frame: sequence number then PCM bytes. */
    public static ByteBuffer audioFrame(long seq, byte[] pcm, int offset, int length) {
        ByteBuffer frame = ByteBuffer.allocate(FRAME_HEADER_BYTES + length).order(ByteOrder.LITTLE_ENDIAN);
        frame.putLong(seq).put(pcm, offset, length).flip();
        // The bytes are little-endian already; hand the buffer over in the default (big-endian) order,
        // because Jetty 12.1's client masks payloads word-wise in the buffer's order and a little-endian
        // buffer comes out with every 4-byte word reversed.
        return frame.order(ByteOrder.BIG_ENDIAN);
    }

    /** Reads the sequence number of a binary frame and leaves {@code frame} positioned at the PCM. */
    public static long readSequence(ByteBuffer frame) throws ProtocolException {
        if (frame.remaining() < FRAME_HEADER_BYTES) {
            throw new ProtocolException("bad_frame", "binary frame of " + frame.remaining()
                    + " bytes is shorter than the " + FRAME_HEADER_BYTES + "-byte sequence header");
        }
        long seq = frame.order(ByteOrder.LITTLE_ENDIAN).getLong();
        if (seq < 0 || seq > MAX_SEQ) {
            throw new ProtocolException("bad_frame", "sequence number " + seq + " is outside 0.." + MAX_SEQ);
        }
        return seq;
    }
}
