package dev.hark.server.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.MultiPart;
import org.eclipse.jetty.http.MultiPartConfig;
import org.eclipse.jetty.http.MultiPartFormData;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

import dev.hark.core.audio.AudioFiles;
import dev.hark.core.audio.BadAudioException;
import dev.hark.core.audio.Resampler;
import dev.hark.engine.EngineException;
import dev.hark.engine.ModelInfo;
import dev.hark.engine.RecognitionModel;
import dev.hark.engine.Transcript;
import dev.hark.server.ModelCatalog;
import dev.hark.training.DatasetStore;
import dev.hark.training.TrainRequest;
import dev.hark.training.TrainingException;
import dev.hark.training.TrainingSupervisor;
import dev.hark.training.data.SyntheticTexts;
import dev.hark.training.data.SyntheticVoice;

/**
 * The REST API under {@code /api}, as v1 routes it (see docs/protocol.md), plus {@code /api/health}
 * and {@code /api/events}. Requests are handled on Jetty's (blocking-capable) threads.
 */
final class ApiHandler extends Handler.Abstract {

    /** Largest JSON body accepted by the JSON routes. */
    private static final int MAX_JSON_BYTES = 1 << 20;

    private final ModelCatalog catalog;
    private final CheckpointStore checkpoints;
    private final EventStream eventStream;
    private final Path uploads;
    private final long maxUploadBytes;
    private final String serverName;
    private final DatasetStore datasets;
    private final TrainingSupervisor supervisor;

    ApiHandler(ModelCatalog catalog, CheckpointStore checkpoints, EventStream eventStream, Path uploads,
            long maxUploadBytes, String serverName, DatasetStore datasets, TrainingSupervisor supervisor) {
        this.datasets = datasets;
        this.supervisor = supervisor;
        this.catalog = catalog;
        this.checkpoints = checkpoints;
        this.eventStream = eventStream;
        this.uploads = uploads;
        this.maxUploadBytes = maxUploadBytes;
        this.serverName = serverName;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        String path = Request.getPathInContext(request);
        String method = request.getMethod();
        try {
            route(method, path, request, response, callback);
        } catch (IllegalArgumentException e) {
            HttpJson.error(response, callback, 400, e.getMessage());
        } catch (TrainingException e) {
            HttpJson.error(response, callback, e.status(), e.getMessage());
        } catch (Exception e) {
            HttpJson.error(response, callback, 500, "internal error: " + e);
        }
        return true;
    }

    private void route(String method, String path, Request request, Response response, Callback callback) throws Exception {
        switch (method + " " + path) {
            case "GET /", "GET /api", "GET /api/" -> HttpJson.reply(response, callback, 200,
                    HttpJson.message("Hark server: streaming speech recognition (v1 /ws, v2 /v2/stream) and the /api routes"));
            case "GET /api/health" -> health(response, callback);
            case "GET /api/config" -> config(response, callback);
            case "GET /api/status" -> {
                JsonObject o = new JsonObject();
                o.addProperty("is_training", supervisor.isTraining());
                HttpJson.reply(response, callback, 200, o);
            }
            case "GET /api/progress" -> HttpJson.reply(response, callback, 200, supervisor.progress());
            case "POST /api/train/start" -> HttpJson.reply(response, callback, 200,
                    supervisor.start(TrainRequest.parse(readJsonObject(request)), false));
            case "POST /api/train/resume" -> HttpJson.reply(response, callback, 200,
                    supervisor.start(TrainRequest.parse(readJsonObject(request)), true));
            case "POST /api/train/stop" -> HttpJson.reply(response, callback, 200, supervisor.stop());
            case "GET /api/datasets" -> {
                JsonObject o = new JsonObject();
                o.add("datasets", datasets.list());
                HttpJson.reply(response, callback, 200, o);
            }
            case "POST /api/dataset/download" -> {
                JsonObject body = readJsonObject(request);
                HttpJson.reply(response, callback, 200, datasets.download(requiredString(body, "dataset_name")));
            }
            case "POST /api/dataset/generate" -> generate(request, response, callback);
            case "GET /api/models" -> models(response, callback);
            case "DELETE /api/models" -> bulkDelete(request, response, callback);
            case "GET /api/models/bulk-download" -> bulkDownload(request, response, callback);
            case "GET /api/checkpoints" -> {
                Fields q = Request.extractQueryParameters(request);
                JsonObject o = new JsonObject();
                o.add("checkpoints", array(checkpoints.list(q.getValue("model_name"), q.getValue("dataset_name"))));
                HttpJson.reply(response, callback, 200, o);
            }
            case "POST /api/inference" -> inference(request, response, callback);
            case "GET /api/events" -> eventStream.serve(response, callback);
            default -> {
                if (path.startsWith("/api/models/") && method.equals("DELETE")) {
                    deleteOne(path.substring("/api/models/".length()), response, callback);
                } else if (path.startsWith("/api/datasets/") && method.equals("DELETE")) {
                    String name = java.net.URLDecoder.decode(path.substring("/api/datasets/".length()), StandardCharsets.UTF_8);
                    datasets.delete(name);
                    HttpJson.reply(response, callback, 200, HttpJson.message("deleted dataset " + name));
                } else if (path.startsWith("/api/datasets/") && method.equals("GET")) {
                    String name = java.net.URLDecoder.decode(path.substring("/api/datasets/".length()), StandardCharsets.UTF_8);
                    if (!DatasetStore.validName(name)) {
                        throw new IllegalArgumentException("invalid dataset name \"" + SafeNames.printable(name) + "\"");
                    }
                    JsonObject d = datasets.describe(name);
                    if (d.get("status").getAsString().equals("not_downloaded") && !datasets.sources().containsKey(name)) {
                        HttpJson.error(response, callback, 404, "no dataset named \"" + name + "\"");
                    } else {
                        HttpJson.reply(response, callback, 200, d);
                    }
                } else {
                    HttpJson.error(response, callback, 404, "no route " + method + " " + SafeNames.printable(path));
                }
            }
        }
    }

    private void health(Response response, Callback callback) {
        JsonObject o = new JsonObject();
        o.addProperty("status", "ok");
        o.addProperty("server", serverName);
        JsonArray protocols = new JsonArray();
        protocols.add(1);
        protocols.add(2);
        o.add("protocols", protocols);
        o.addProperty("models", catalog.models().size());
        HttpJson.reply(response, callback, 200, o);
    }

    private void config(Response response, Callback callback) {
        JsonObject o = new JsonObject();
        JsonArray modelNames = new JsonArray();
        catalog.models().forEach(m -> modelNames.add(m.name()));
        o.add("available_models", modelNames);
        JsonArray available = new JsonArray();
        try {
            for (JsonElement d : datasets.list()) {
                if (d.getAsJsonObject().get("status").getAsString().equals("downloaded")) {
                    available.add(d.getAsJsonObject().get("name"));
                }
            }
        } catch (IOException e) {
            // leave the list empty
        }
        o.add("available_datasets", available);
        JsonObject training = new JsonObject();
        List<String> trainable = supervisor.trainableModels();
        training.addProperty("available", !trainable.isEmpty());
        JsonArray models = new JsonArray();
        trainable.forEach(models::add);
        training.add("trainable_models", models);
        training.addProperty("epochs", 10);
        training.addProperty("batch_size", 16);
        training.addProperty("learning_rate", 0.003);
        training.addProperty("validation_split", 0.05);
        training.addProperty("keep_checkpoints", 5);
        training.addProperty("threads", 1);
        o.add("training_config", training);
        o.addProperty("default_model", ModelCatalog.DEFAULT_MODEL);
        o.addProperty("default_model_alias", dev.hark.protocol.V1.DEFAULT_MODEL_ALIAS);
        HttpJson.reply(response, callback, 200, o);
    }

    /** Engine models (built-in and trained) and checkpoint folders, in v1's shape. */
    private void models(Response response, Callback callback) throws IOException {
        JsonArray out = new JsonArray();
        LinkedHashSet<String> seen = new LinkedHashSet<>();
        Map<String, JsonObject> folders = new java.util.HashMap<>();
        for (JsonObject c : checkpoints.list(null, null)) {
            folders.put(c.get("name").getAsString(), c);
        }
        for (ModelInfo m : catalog.models()) {
            JsonObject entry = folders.containsKey(m.name()) ? folders.get(m.name()).deepCopy() : emptyEntry(m.name());
            entry.addProperty("engine", m.engine());
            entry.addProperty("built_in", m.builtIn());
            entry.addProperty("description", m.description());
            entry.addProperty("sample_rate", m.sampleRate());
            entry.add("details", com.google.gson.JsonParser.parseString(dev.hark.protocol.JsonMessages.GSON.toJson(m.details())));
            out.add(entry);
            seen.add(m.name());
        }
        for (JsonObject c : folders.values()) {
            if (!seen.contains(c.get("name").getAsString())) {
                c.addProperty("built_in", false);
                out.add(c);
            }
        }
        JsonObject o = new JsonObject();
        o.add("models", out);
        HttpJson.reply(response, callback, 200, o);
    }

    private static JsonObject emptyEntry(String name) {
        JsonObject e = new JsonObject();
        e.addProperty("name", name);
        e.add("path", null);
        e.add("epoch", null);
        e.add("dataset_name", null);
        e.addProperty("size_mb", 0);
        e.addProperty("file_count", 0);
        e.add("created_at", null);
        e.add("files", new JsonArray());
        return e;
    }

    private boolean isBuiltIn(String name) {
        return catalog.models().stream().anyMatch(m -> m.builtIn() && m.name().equals(name));
    }

    /** Deletes one checkpoint; the reason when it cannot, else null. */
    private String delete(String name) throws IOException {
        if (isBuiltIn(name)) {
            return "\"" + SafeNames.printable(name) + "\" is a built-in model and cannot be deleted";
        }
        if (!checkpoints.delete(name)) {
            return "no checkpoint named \"" + SafeNames.printable(name) + "\"";
        }
        catalog.unload(name);
        return null;
    }

    private void deleteOne(String rawName, Response response, Callback callback) throws IOException {
        String name = java.net.URLDecoder.decode(rawName, StandardCharsets.UTF_8);
        SafeNames.resolve(checkpoints.folder(), name); // 400 with a reason for hostile names
        String failure = delete(name);
        if (failure == null) {
            HttpJson.reply(response, callback, 200, HttpJson.message("deleted " + name));
        } else {
            HttpJson.error(response, callback, isBuiltIn(name) ? 400 : 404, failure);
        }
    }

    private void bulkDelete(Request request, Response response, Callback callback) throws IOException {
        List<String> names = readNameArray(request);
        JsonArray deleted = new JsonArray();
        JsonArray failed = new JsonArray();
        for (String name : names) {
            String failure;
            try {
                SafeNames.resolve(checkpoints.folder(), name);
                failure = delete(name);
            } catch (IllegalArgumentException e) {
                failure = e.getMessage();
            }
            if (failure == null) {
                deleted.add(name);
            } else {
                JsonObject f = new JsonObject();
                f.addProperty("model_name", SafeNames.printable(name));
                f.addProperty("error", failure);
                failed.add(f);
            }
        }
        JsonObject o = new JsonObject();
        o.add("deleted", deleted);
        o.add("failed", failed);
        o.addProperty("message", "deleted " + deleted.size() + " of " + names.size());
        HttpJson.reply(response, callback, 200, o);
    }

    private static List<String> readNameArray(Request request) throws IOException {
        String body = readJsonBody(request);
        JsonElement e;
        try {
            e = JsonParser.parseString(body);
        } catch (JsonParseException ex) {
            throw new IllegalArgumentException("body must be a JSON array of model names: " + ex.getMessage());
        }
        if (!e.isJsonArray()) {
            throw new IllegalArgumentException("body must be a JSON array of model names");
        }
        List<String> names = new ArrayList<>();
        for (JsonElement item : e.getAsJsonArray()) {
            if (!item.isJsonPrimitive() || !item.getAsJsonPrimitive().isString()) {
                throw new IllegalArgumentException("model names must be strings");
            }
            names.add(item.getAsString());
        }
        return names;
    }

    /** A JSON object body; an empty body counts as {}. */
    private static JsonObject readJsonObject(Request request) throws IOException {
        String body = readJsonBody(request);
        if (body.isBlank()) {
            return new JsonObject();
        }
        try {
            JsonElement e = JsonParser.parseString(body);
            if (!e.isJsonObject()) {
                throw new IllegalArgumentException("body must be a JSON object");
            }
            return e.getAsJsonObject();
        } catch (JsonParseException e) {
            throw new IllegalArgumentException("invalid JSON body: " + e.getMessage());
        }
    }

    private static String requiredString(JsonObject o, String key) {
        JsonElement e = o.get(key);
        if (e == null || !e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString() || e.getAsString().isBlank()) {
            throw new IllegalArgumentException(key + " is required");
        }
        return e.getAsString().strip();
    }

    /** {@code POST /api/dataset/generate}: a synthetic dataset made with espeak-ng and flite, in the background. */
    private void generate(Request request, Response response, Callback callback) throws Exception {
        JsonObject body = readJsonObject(request);
        String name = body.has("dataset_name") ? requiredString(body, "dataset_name") : requiredString(body, "name");
        SyntheticTexts kind = SyntheticTexts.byName(body.has("kind") ? requiredString(body, "kind") : "digits");
        int count = body.has("count") ? body.get("count").getAsInt() : 500;
        long seed = body.has("seed") ? body.get("seed").getAsLong() : 42;
        List<SyntheticVoice> voices = new ArrayList<>();
        if (body.has("voices") && body.get("voices").isJsonArray()) {
            for (JsonElement v : body.getAsJsonArray("voices")) {
                voices.add(SyntheticVoice.parse(v.getAsString()));
            }
        }
        HttpJson.reply(response, callback, 200, datasets.generate(name, kind, count, seed, voices));
    }

    private static String readJsonBody(Request request) throws IOException {
        long length = request.getLength();
        if (length > MAX_JSON_BYTES) {
            throw new IllegalArgumentException("JSON body of " + length + " bytes exceeds " + MAX_JSON_BYTES);
        }
        try (InputStream in = Content.Source.asInputStream(request)) {
            byte[] bytes = in.readNBytes(MAX_JSON_BYTES + 1);
            if (bytes.length > MAX_JSON_BYTES) {
                throw new IllegalArgumentException("JSON body exceeds " + MAX_JSON_BYTES + " bytes");
            }
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    private void bulkDownload(Request request, Response response, Callback callback) throws IOException {
        List<String> names = Request.extractQueryParameters(request).getValues("model_names");
        if (names == null || names.isEmpty()) {
            throw new IllegalArgumentException("give one or more model_names");
        }
        for (String name : names) {
            if (isBuiltIn(name)) {
                throw new IllegalArgumentException("\"" + SafeNames.printable(name) + "\" is a built-in model: nothing to download");
            }
            if (checkpoints.find(name).isEmpty()) {
                HttpJson.error(response, callback, 404, "no checkpoint named \"" + SafeNames.printable(name) + "\"");
                return;
            }
        }
        String file = "models_" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss")) + ".zip";
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/zip");
        response.getHeaders().put(HttpHeader.CONTENT_DISPOSITION, "attachment; filename=\"" + file + "\"");
        try (OutputStream out = Content.Sink.asOutputStream(response)) {
            checkpoints.zip(names, out);
        }
        callback.succeeded();
    }

    /** v1's {@code POST /api/inference}: multipart {@code file}, query {@code model_name}. */
    private void inference(Request request, Response response, Callback callback) throws Exception {
        long started = System.nanoTime();
        Fields query = Request.extractQueryParameters(request);
        String modelName = ModelCatalog.canonicalName(query.getValue("model_name"));
        String checkpoint = query.getValue("checkpoint_path");
        if (checkpoint != null && !checkpoint.isBlank()) {
            // v1 accepted any server path here; Hark only takes the name of a checkpoint in its data folder
            String name = Path.of(checkpoint).getFileName().toString();
            if (!name.equals(checkpoint)) {
                throw new IllegalArgumentException("checkpoint_path must be the name of a checkpoint, not a path");
            }
            SafeNames.resolve(checkpoints.folder(), name);
            modelName = name;
        }
        if (catalog.find(modelName).isEmpty()) {
            HttpJson.error(response, callback, 404, catalog.unknownModelMessage(modelName));
            return;
        }
        String contentType = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
        if (contentType == null || !contentType.toLowerCase().startsWith("multipart/form-data")) {
            throw new IllegalArgumentException("send the audio as multipart/form-data with a \"file\" field");
        }
        Files.createDirectories(uploads);
        MultiPartConfig config = new MultiPartConfig.Builder().location(uploads).maxParts(8).maxSize(maxUploadBytes)
                .maxPartSize(maxUploadBytes).maxMemoryPartSize(1 << 20).build();
        MultiPartFormData.Parts parts;
        try {
            parts = MultiPartFormData.getParts(request, request, contentType, config);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("unreadable multipart body: " + e.getMessage());
        }
        try (parts) {
            MultiPart.Part part = parts.getFirst("file");
            if (part == null) {
                throw new IllegalArgumentException("no \"file\" part in the upload");
            }
            String fileName = part.getFileName() == null ? "upload" : SafeNames.printable(part.getFileName());
            AudioFiles.Mono audio;
            try (InputStream in = Content.Source.asInputStream(part.getContentSource())) {
                audio = AudioFiles.read(in, fileName);
            } catch (BadAudioException e) {
                HttpJson.error(response, callback, 415, e.getMessage());
                return;
            }
            RecognitionModel model;
            try {
                model = catalog.load(modelName).get(5, TimeUnit.MINUTES);
            } catch (ExecutionException e) {
                HttpJson.error(response, callback, 503, StreamEndpointSupport.describe(e.getCause()));
                return;
            } catch (TimeoutException e) {
                HttpJson.error(response, callback, 503, "model " + modelName + " is still loading; try again");
                return;
            }
            Resampler resampler = new Resampler(audio.sampleRate(), model.info().sampleRate());
            float[] head = resampler.process(audio.samples(), 0, audio.samples().length);
            float[] tail = resampler.flush();
            float[] samples = java.util.Arrays.copyOf(head, head.length + tail.length);
            System.arraycopy(tail, 0, samples, head.length, tail.length);
            long inferenceStart = System.nanoTime();
            Transcript transcript;
            try {
                transcript = model.transcribe(samples);
            } catch (EngineException e) {
                HttpJson.error(response, callback, e.kind() == EngineException.Kind.BAD_AUDIO ? 422 : 500, e.getMessage());
                return;
            }
            long done = System.nanoTime();
            JsonObject o = new JsonObject();
            o.addProperty("transcription", transcript.text());
            double firstToken = transcript.firstTokenMillis() < 0 ? -1
                    : (inferenceStart - started) / 1e6 + transcript.firstTokenMillis();
            o.addProperty("first_token_time_ms", round1(firstToken));
            o.addProperty("inference_time_ms", round1((done - inferenceStart) / 1e6));
            o.addProperty("total_time_ms", round1((done - started) / 1e6));
            o.addProperty("model_name", modelName);
            o.addProperty("audio_seconds", round1(audio.seconds() * 1000) / 1000);
            o.add("segments", segments(transcript));
            HttpJson.reply(response, callback, 200, o);
        }
    }

    private static JsonArray segments(Transcript t) {
        JsonArray out = new JsonArray();
        t.segments().forEach(h -> {
            JsonObject s = new JsonObject();
            s.addProperty("text", h.text());
            s.addProperty("start", Math.round(h.start() * 1000) / 1000.0);
            s.addProperty("end", Math.round(h.end() * 1000) / 1000.0);
            out.add(s);
        });
        return out;
    }

    private static double round1(double v) {
        return Math.round(v * 10.0) / 10.0;
    }

    private static JsonArray array(List<JsonObject> items) {
        JsonArray a = new JsonArray();
        items.forEach(a::add);
        return a;
    }
}
