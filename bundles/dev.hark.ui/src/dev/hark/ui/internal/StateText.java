package dev.hark.ui.internal;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.eclipse.osgi.util.NLS;

import dev.hark.core.ConnectionState;

/**
 * How a connection state and its detail read in the UI language. The transport and the services describe a state
 * in English words; the phrases they use are recognised here and said again in the UI language (anything else, such
 * as a message from the operating system, is shown as it came).
 */
public final class StateText {

    private record Phrase(Pattern pattern, java.util.function.Function<Matcher, String> say) {
    }

    private static final List<Phrase> PHRASES = List.of(
            phrase("no session", m -> Messages.Detail_noSession),
            phrase("session ended", m -> Messages.Detail_sessionEnded),
            phrase("waiting for the server to start", m -> Messages.Detail_waitingForServer),
            phrase("waiting for the last result", m -> Messages.Detail_waitingForLast),
            phrase("starting session over protocol v(\\S+)", m -> NLS.bind(Messages.Detail_starting, m.group(1))),
            phrase("resuming session over protocol v(\\S+)", m -> NLS.bind(Messages.Detail_resuming, m.group(1))),
            phrase("protocol v(\\S+), session (.+)", m -> NLS.bind(Messages.Detail_protocolSession, m.group(1), m.group(2))),
            phrase("protocol v(\\S+)", m -> NLS.bind(Messages.Detail_protocol, m.group(1))),
            phrase("(?s)(.+); retrying in (\\d+) ms", m -> NLS.bind(Messages.Detail_retrying, detail(m.group(1)), m.group(2))),
            phrase("connection closed \\((.*)\\)", m -> NLS.bind(Messages.Detail_closed, m.group(1))),
            phrase("(?s)cannot reach (\\S+): (.*)", m -> NLS.bind(Messages.Detail_cannotReach, m.group(1), detail(m.group(2)))));

    private StateText() {
    }

    private static Phrase phrase(String regex, java.util.function.Function<Matcher, String> say) {
        return new Phrase(Pattern.compile(regex), say);
    }

    public static String label(ConnectionState state) {
        return switch (state) {
            case IDLE -> Messages.State_IDLE;
            case CONNECTING -> Messages.State_CONNECTING;
            case READY -> Messages.State_READY;
            case STREAMING -> Messages.State_STREAMING;
            case RECONNECTING -> Messages.State_RECONNECTING;
            case STOPPING -> Messages.State_STOPPING;
            case FAILED -> Messages.State_FAILED;
        };
    }

    /** A state's detail in the UI language when it is one of the services' phrases, else as it came. */
    public static String detail(String detail) {
        if (detail == null) {
            return "";
        }
        String d = detail.strip();
        for (Phrase p : PHRASES) {
            Matcher m = p.pattern().matcher(d);
            if (m.matches()) {
                return p.say().apply(m);
            }
        }
        return d;
    }

    /** Whether {@code detail} is one of the phrases said again in the UI language (tests). */
    static boolean known(String detail) {
        return PHRASES.stream().anyMatch(p -> p.pattern().matcher(detail.strip()).matches());
    }

    /** {@code Streaming (protocol v2, session 1a2b)}: the state, and its detail when there is one. */
    public static String withDetail(ConnectionState state, String detail) {
        String d = detail(detail);
        return d.isEmpty() ? label(state) : NLS.bind(Messages.State_withDetail, label(state), d);
    }
}
