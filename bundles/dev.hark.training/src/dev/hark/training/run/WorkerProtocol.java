package dev.hark.training.run;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import dev.hark.protocol.JsonMessages;

/**
 * How a training worker talks to its supervisor: one JSON message per line on standard output, prefixed with
 * {@value #PREFIX} so that anything else a native library prints there is told apart (and kept as a log line).
 * Messages are v1's training broadcasts: {@code {"type": "progress"|"log"|"validation_result"|"status"|"error"|"checkpoint",
 * "payload": {...}}}. Standard input carries commands to the worker: a line {@code stop}.
 */
public final class WorkerProtocol {

    public static final String PREFIX = "@hark ";
    public static final String STOP_COMMAND = "stop";

    public static final String PROGRESS = "progress";
    public static final String LOG = "log";
    public static final String VALIDATION_RESULT = "validation_result";
    public static final String STATUS = "status";
    public static final String ERROR = "error";
    /** Not a v1 type: a checkpoint was written ({@code name}, {@code epoch}, {@code path}). */
    public static final String CHECKPOINT = "checkpoint";

    private final PrintStream out;

    public WorkerProtocol(PrintStream out) {
        this.out = out;
    }

    public synchronized void send(String type, JsonObject payload) {
        JsonObject o = new JsonObject();
        o.addProperty("type", type);
        o.add("payload", payload);
        out.println(PREFIX + JsonMessages.GSON.toJson(o));
        out.flush();
    }

    public void log(String level, String message) {
        JsonObject p = new JsonObject();
        p.addProperty("level", level);
        p.addProperty("message", message);
        send(LOG, p);
    }

    public void error(String message, Throwable t) {
        JsonObject p = new JsonObject();
        p.addProperty("message", message);
        p.addProperty("traceback", t == null ? null : stackTrace(t));
        send(ERROR, p);
    }

    public void status(String status, String message) {
        JsonObject p = new JsonObject();
        p.addProperty("status", status);
        p.addProperty("message", message);
        send(STATUS, p);
    }

    public static String stackTrace(Throwable t) {
        StringWriter w = new StringWriter();
        t.printStackTrace(new PrintWriter(w));
        return w.toString();
    }

    /** The message of a protocol line, or null when the line is not one. */
    public static JsonObject parse(String line) {
        if (line == null || !line.startsWith(PREFIX)) {
            return null;
        }
        try {
            var e = JsonParser.parseString(line.substring(PREFIX.length()));
            if (e.isJsonObject() && e.getAsJsonObject().has("type") && e.getAsJsonObject().get("payload") != null
                    && e.getAsJsonObject().get("payload").isJsonObject()) {
                return e.getAsJsonObject();
            }
        } catch (RuntimeException e) {
            // not ours after all
        }
        return null;
    }
}
