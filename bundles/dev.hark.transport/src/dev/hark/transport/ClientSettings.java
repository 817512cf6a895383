package dev.hark.transport;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

import dev.hark.core.audio.PcmFormat;

/**
 * What a streaming session connects to and how.
 *
 * @param server      the server: {@code http://host:port} (protocol chosen by {@link #protocol}), or a full
 *                    {@code ws://host:port/ws} (v1) / {@code ws://host:port/v2/stream} (v2) address
 * @param token       bearer token, or null
 * @param protocol    which protocol to speak
 * @param model       model name; null or empty for the server's default
 * @param wireFormat  PCM format on the wire (f32 keeps full precision, i16 halves the bytes)
 * @param reconnect   how to retry a dropped connection
 * @param pingInterval how often to measure the round trip (and keep the connection alive)
 * @param endWait     how long the server may take to confirm the end of a session after the stop (or after its
 *                    last result since): a slow v1 server working through its backlog needs longer
 */
public record ClientSettings(URI server, String token, Protocol protocol, String model, PcmFormat wireFormat,
        ReconnectPolicy reconnect, Duration pingInterval, Duration endWait) {

    /** The end-of-session wait when none is set. */
    public static final Duration DEFAULT_END_WAIT = Duration.ofSeconds(30);

    /** Which protocol a session speaks. */
    public enum Protocol {
        /** v2 where the server offers it, else v1. */
        AUTO,
        V1,
        V2;

        public static Protocol parse(String s) {
            return switch (s.toLowerCase(Locale.ROOT)) {
                case "auto" -> AUTO;
                case "1", "v1" -> V1;
                case "2", "v2" -> V2;
                default -> throw new IllegalArgumentException("protocol must be auto, v1 or v2, not \"" + s + "\"");
            };
        }
    }

    public ClientSettings {
        Objects.requireNonNull(server, "server");
        protocol = protocol == null ? Protocol.AUTO : protocol;
        wireFormat = wireFormat == null ? PcmFormat.F32 : wireFormat;
        reconnect = reconnect == null ? ReconnectPolicy.DEFAULT : reconnect;
        pingInterval = pingInterval == null ? Duration.ofSeconds(2) : pingInterval;
        endWait = endWait == null ? DEFAULT_END_WAIT : endWait;
        if (!endWait.isPositive()) {
            throw new IllegalArgumentException("the end-of-session wait must be positive, not " + endWait);
        }
    }

    /** Settings with the default end-of-session wait. */
    public ClientSettings(URI server, String token, Protocol protocol, String model, PcmFormat wireFormat,
            ReconnectPolicy reconnect, Duration pingInterval) {
        this(server, token, protocol, model, wireFormat, reconnect, pingInterval, null);
    }

    public static ClientSettings of(URI server, String model) {
        return new ClientSettings(server, null, Protocol.AUTO, model, PcmFormat.F32, ReconnectPolicy.DEFAULT, null, null);
    }

    public ClientSettings withProtocol(Protocol p) {
        return new ClientSettings(server, token, p, model, wireFormat, reconnect, pingInterval, endWait);
    }

    public ClientSettings withToken(String t) {
        return new ClientSettings(server, t, protocol, model, wireFormat, reconnect, pingInterval, endWait);
    }

    public ClientSettings withReconnect(ReconnectPolicy r) {
        return new ClientSettings(server, token, protocol, model, wireFormat, r, pingInterval, endWait);
    }

    public ClientSettings withWireFormat(PcmFormat f) {
        return new ClientSettings(server, token, protocol, model, f, reconnect, pingInterval, endWait);
    }

    public ClientSettings withEndWait(Duration d) {
        return new ClientSettings(server, token, protocol, model, wireFormat, reconnect, pingInterval, d);
    }
}
