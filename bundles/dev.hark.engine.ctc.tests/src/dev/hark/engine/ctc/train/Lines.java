package dev.hark.engine.ctc.train;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import com.google.gson.JsonObject;

import dev.hark.training.run.WorkerProtocol;

/** A {@link WorkerProtocol} into memory, and the messages it sent. */
final class Lines {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    final WorkerProtocol protocol = new WorkerProtocol(new PrintStream(bytes, true, StandardCharsets.UTF_8));

    /** Every line, each a protocol message (as it is on the wire). */
    List<JsonObject> messages() {
        return text().lines().map(l -> {
            if (!l.startsWith(WorkerProtocol.PREFIX) || dev.hark.protocol.training.WorkerLine.parse(l).isEmpty()) {
                throw new AssertionError("not a protocol line: " + l);
            }
            return com.google.gson.JsonParser.parseString(l.substring(WorkerProtocol.PREFIX.length())).getAsJsonObject();
        }).toList();
    }

    List<JsonObject> payloads(String type) {
        return messages().stream().filter(m -> m.get("type").getAsString().equals(type)).map(m -> m.getAsJsonObject("payload")).toList();
    }

    /** The log lines' messages. */
    List<String> logs() {
        return payloads(WorkerProtocol.LOG).stream().map(p -> p.get("message").getAsString()).toList();
    }

    String text() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    void clear() {
        bytes.reset();
    }
}
