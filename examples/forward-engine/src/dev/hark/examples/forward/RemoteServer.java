package dev.hark.examples.forward;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import dev.hark.engine.EngineException;
import dev.hark.engine.Hypothesis;
import dev.hark.engine.Transcript;

/** The other server's REST API: its models, and inference of a recording (sent as 16 kHz 16-bit WAV). */
final class RemoteServer {

    static final int RATE = 16_000;

    private final URI uri;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    RemoteServer(URI uri) {
        this.uri = uri;
    }

    URI uri() {
        return uri;
    }

    /** The other server's engine models (never its own forwarded ones: no loops). */
    List<String> models() throws EngineException {
        JsonObject body = send(HttpRequest.newBuilder(uri.resolve("/api/models?include=engine")).timeout(Duration.ofSeconds(10)).GET().build());
        List<String> out = new ArrayList<>();
        for (JsonElement m : body.getAsJsonArray("models")) {
            String name = m.getAsJsonObject().get("name").getAsString();
            if (!name.startsWith(ForwardEngine.PREFIX)) {
                out.add(name);
            }
        }
        return out;
    }

    Transcript transcribe(String model, float[] samples) throws EngineException {
        String boundary = "hark-" + UUID.randomUUID();
        ByteArrayOutputStream form = new ByteArrayOutputStream();
        form.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"audio.wav\"\r\n"
                + "Content-Type: audio/wav\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        form.writeBytes(wav(samples));
        form.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        long t0 = System.nanoTime();
        JsonObject body = send(HttpRequest.newBuilder(uri.resolve("/api/inference?model_name=" + URLEncoder.encode(model, StandardCharsets.UTF_8)))
                .timeout(Duration.ofMinutes(5)).header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(form.toByteArray())).build());
        List<Hypothesis> segments = new ArrayList<>();
        if (body.has("segments") && body.get("segments").isJsonArray()) {
            for (JsonElement e : body.getAsJsonArray("segments")) {
                JsonObject s = e.getAsJsonObject();
                double start = s.get("start").getAsDouble();
                segments.add(new Hypothesis(true, s.get("text").getAsString(), start, Math.max(start, s.get("end").getAsDouble()), List.of()));
            }
        } else if (!body.get("transcription").getAsString().isBlank()) {
            segments.add(new Hypothesis(true, body.get("transcription").getAsString(), 0, samples.length / (double) RATE, List.of()));
        }
        return new Transcript(segments, segments.isEmpty() ? -1 : (System.nanoTime() - t0) / 1e6);
    }

    private JsonObject send(HttpRequest request) throws EngineException {
        try {
            HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() / 100 != 2) {
                throw new EngineException(EngineException.Kind.ENGINE_FAILURE, uri + " answered " + r.statusCode() + ": " + r.body());
            }
            return JsonParser.parseString(r.body()).getAsJsonObject();
        } catch (IOException | RuntimeException e) {
            throw new EngineException(EngineException.Kind.UNAVAILABLE, "cannot reach " + uri + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EngineException(EngineException.Kind.UNAVAILABLE, "interrupted", e);
        }
    }

    /** Mono 16-bit PCM WAV at {@link #RATE}. */
    static byte[] wav(float[] samples) {
        ByteBuffer b = ByteBuffer.allocate(44 + samples.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(36 + samples.length * 2).put("WAVE".getBytes(StandardCharsets.US_ASCII));
        b.put("fmt ".getBytes(StandardCharsets.US_ASCII)).putInt(16).putShort((short) 1).putShort((short) 1).putInt(RATE).putInt(RATE * 2)
                .putShort((short) 2).putShort((short) 16);
        b.put("data".getBytes(StandardCharsets.US_ASCII)).putInt(samples.length * 2);
        for (float f : samples) {
            b.putShort((short) Math.round(Math.max(-1, Math.min(1, f)) * 32767));
        }
        return b.array();
    }
}
