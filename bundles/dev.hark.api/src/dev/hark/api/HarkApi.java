package dev.hark.api;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import dev.hark.protocol.JsonMessages;

/**
 * The REST routes of a Hark (or asr-test) server, as docs/protocol.md lists them. Blocking calls:
 * callers run them off the UI thread (Eclipse Jobs in the workbench). Thread-safe.
 */
public final class HarkApi {

    private final URI base;
    private final String token;
    private final HttpClient http;

    public HarkApi(URI base, String token) {
        String b = base.toString();
        this.base = URI.create(b.endsWith("/") ? b : b + "/");
        this.token = token;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    public URI base() {
        return base;
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofMinutes(10));
        if (token != null && !token.isBlank()) {
            b.header("Authorization", "Bearer " + token);
        }
        return b;
    }

    private JsonElement send(HttpRequest request) throws HarkApiException {
        HttpResponse<String> r;
        try {
            r = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new HarkApiException("cannot reach " + base + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HarkApiException("interrupted", e);
        }
        JsonElement body;
        try {
            body = r.body().isBlank() ? new JsonObject() : JsonParser.parseString(r.body());
        } catch (RuntimeException e) {
            throw new HarkApiException(r.statusCode(), "the server answered HTTP " + r.statusCode() + " with no JSON");
        }
        if (r.statusCode() >= 400) {
            String detail = body.isJsonObject() && body.getAsJsonObject().has("detail")
                    ? body.getAsJsonObject().get("detail").getAsString() : "HTTP " + r.statusCode();
            throw new HarkApiException(r.statusCode(), detail);
        }
        return body;
    }

    private JsonObject get(String path) throws HarkApiException {
        return send(request(path).GET().build()).getAsJsonObject();
    }

    private JsonObject post(String path, JsonObject body) throws HarkApiException {
        return send(request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JsonMessages.GSON.toJson(body))).build()).getAsJsonObject();
    }

    private static String q(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    public JsonObject health() throws HarkApiException {
        return get("api/health");
    }

    public JsonObject config() throws HarkApiException {
        return get("api/config");
    }

    /** v1's model entries (engine models and checkpoints). */
    public JsonArray models() throws HarkApiException {
        return get("api/models").getAsJsonArray("models");
    }

    public JsonArray checkpoints() throws HarkApiException {
        return get("api/checkpoints").getAsJsonArray("checkpoints");
    }

    public void deleteModel(String name) throws HarkApiException {
        send(request("api/models/" + q(name).replace("+", "%20")).DELETE().build());
    }

    /** {@code {"deleted":[...],"failed":[...]}}. */
    public JsonObject deleteModels(List<String> names) throws HarkApiException {
        JsonArray a = new JsonArray();
        names.forEach(a::add);
        return send(request("api/models").header("Content-Type", "application/json")
                .method("DELETE", HttpRequest.BodyPublishers.ofString(a.toString())).build()).getAsJsonObject();
    }

    /** Saves the zip of the named checkpoints to {@code target}. */
    public Path downloadModels(List<String> names, Path target) throws HarkApiException {
        String query = names.stream().map(n -> "model_names=" + q(n)).collect(Collectors.joining("&"));
        try {
            HttpResponse<Path> r = http.send(request("api/models/bulk-download?" + query).GET().build(),
                    HttpResponse.BodyHandlers.ofFile(target));
            if (r.statusCode() >= 400) {
                String body = Files.readString(target);
                Files.deleteIfExists(target);
                throw new HarkApiException(r.statusCode(), detail(body, r.statusCode()));
            }
            return target;
        } catch (IOException e) {
            throw new HarkApiException("download failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HarkApiException("interrupted", e);
        }
    }

    private static String detail(String body, int status) {
        try {
            JsonObject o = JsonParser.parseString(body).getAsJsonObject();
            return o.get("detail").getAsString();
        } catch (RuntimeException e) {
            return "HTTP " + status;
        }
    }

    public JsonArray datasets() throws HarkApiException {
        return get("api/datasets").getAsJsonArray("datasets");
    }

    public JsonObject downloadDataset(String name) throws HarkApiException {
        JsonObject o = new JsonObject();
        o.addProperty("dataset_name", name);
        return post("api/dataset/download", o);
    }

    public void deleteDataset(String name) throws HarkApiException {
        send(request("api/datasets/" + q(name).replace("+", "%20")).DELETE().build());
    }

    /** Asks the server to synthesize a dataset (digits, commands or sentences). */
    public JsonObject generateDataset(String kind, int count, String name) throws HarkApiException {
        JsonObject o = new JsonObject();
        o.addProperty("kind", kind);
        o.addProperty("count", count);
        o.addProperty("name", name);
        return post("api/dataset/generate", o);
    }

    public JsonObject trainStart(JsonObject request) throws HarkApiException {
        return post("api/train/start", request);
    }

    public JsonObject trainResume(JsonObject request) throws HarkApiException {
        return post("api/train/resume", request);
    }

    public JsonObject trainStop() throws HarkApiException {
        return post("api/train/stop", new JsonObject());
    }

    public JsonObject progress() throws HarkApiException {
        return get("api/progress");
    }

    /** v1's file inference: transcription and timings. */
    public JsonObject inference(Path file, String model) throws HarkApiException {
        String boundary = "hark-" + UUID.randomUUID();
        try {
            byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\""
                    + file.getFileName().toString().replace("\"", "") + "\"\r\nContent-Type: application/octet-stream\r\n\r\n")
                    .getBytes(StandardCharsets.UTF_8);
            byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
            HttpRequest.BodyPublisher body = HttpRequest.BodyPublishers.concat(HttpRequest.BodyPublishers.ofByteArray(head),
                    HttpRequest.BodyPublishers.ofFile(file), HttpRequest.BodyPublishers.ofByteArray(tail));
            String query = model == null || model.isBlank() ? "" : "?model_name=" + q(model);
            return send(request("api/inference" + query).header("Content-Type", "multipart/form-data; boundary=" + boundary)
                    .POST(body).build()).getAsJsonObject();
        } catch (IOException e) {
            throw new HarkApiException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
