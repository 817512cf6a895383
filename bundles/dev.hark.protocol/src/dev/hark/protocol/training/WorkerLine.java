package dev.hark.protocol.training;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Optional;

import dev.hark.protocol.ProtocolException;

/**
 * How a training worker talks to its supervisor: one v1 envelope per line on standard output, prefixed with
 * {@value #PREFIX} so that anything else a native library prints there is told apart (and kept as a log line).
 * Standard input carries commands to the worker: a line {@value #STOP_COMMAND}.
 */
public final class WorkerLine {

    public static final String PREFIX = "@hark ";
    public static final String STOP_COMMAND = "stop";

    private WorkerLine() {
    }

    /** The line (without newline) that carries {@code message}. */
    public static String format(TrainingMessage message) {
        return PREFIX + TrainingMessages.envelope(message);
    }

    /** The message of a protocol line; empty when the line is not one (plain output of the worker). */
    public static Optional<TrainingMessage> parse(String line) {
        if (line == null || !line.startsWith(PREFIX)) {
            return Optional.empty();
        }
        try {
            return Optional.of(TrainingMessages.decodeEnvelope(line.substring(PREFIX.length())));
        } catch (ProtocolException e) {
            return Optional.empty();
        }
    }

    /** A throwable's stack trace, for {@link TrainingError#traceback()}. */
    public static String stackTrace(Throwable t) {
        StringWriter w = new StringWriter();
        t.printStackTrace(new PrintWriter(w));
        return w.toString();
    }
}
