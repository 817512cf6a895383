package dev.hark.api;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Type;
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
import java.util.stream.Collectors;

import dev.hark.protocol.ProtocolException;
import dev.hark.protocol.ProtocolJson;
import dev.hark.protocol.rest.BulkDeleteResult;
import dev.hark.protocol.rest.CheckpointList;
import dev.hark.protocol.rest.DatasetInfo;
import dev.hark.protocol.rest.DatasetJob;
import dev.hark.protocol.rest.DatasetList;
import dev.hark.protocol.rest.DownloadRequest;
import dev.hark.protocol.rest.ErrorBody;
import dev.hark.protocol.rest.GenerateRequest;
import dev.hark.protocol.rest.Health;
import dev.hark.protocol.rest.InferenceResult;
import dev.hark.protocol.rest.Message;
import dev.hark.protocol.rest.ModelEntry;
import dev.hark.protocol.rest.ModelList;
import dev.hark.protocol.rest.ProgressReport;
import dev.hark.protocol.rest.ServerConfig;
import dev.hark.protocol.rest.TrainRequest;
import dev.hark.protocol.rest.TrainStarted;

/**
 * The REST routes of a Hark (or asr-test) server, as docs/protocol.md lists them, with the protocol's
 * records as bodies ({@link ProtocolJson} reads and writes them). One JDK {@link HttpClient} per
 * instance, bound to one server: {@link #close()} it when the server changes. Blocking calls: callers
 * run them off the UI thread. Thread-safe.
 *
 * <p>Older (asr-test) servers lack some routes and answer 404 or 405: {@link #datasets()} falls back to the
 * names in {@code /api/config}, {@link #deleteModels} deletes one by one, {@link #downloadModels} says the
 * server does not support it ({@link HarkApiException#notSupported()}).
 */
public final class HarkApi implements AutoCloseable {

    private final URI base;
    private final String token;
    private final HttpClient http;

    public HarkApi(URI base, String token) {
        String b = base.toString();
        this.base = URI.create(b.endsWith("/") ? b : b + "/");
        this.token = token;
        // HTTP/1.1 only: the JDK's default HTTP/2 sends "Upgrade: h2c" on plain http, which some servers and
        // proxies (Debian's uvicorn 0.17 among them) answer with 400
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    }

    public URI base() {
        return base;
    }

    public String token() {
        return token;
    }

    HttpRequest.Builder request(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofMinutes(10));
        if (token != null && !token.isBlank()) {
            b.header("Authorization", "Bearer " + token);
        }
        return b;
    }

    private String send(HttpRequest request) throws HarkApiException {
        HttpResponse<String> r;
        try {
            r = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new HarkApiException("cannot reach " + base + ": " + why(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HarkApiException("interrupted", e);
        }
        if (r.statusCode() >= 400) {
            throw new HarkApiException(r.statusCode(), detail(r.body(), r.statusCode()));
        }
        return r.body();
    }

    <T> T send(HttpRequest request, Type type) throws HarkApiException {
        String body = send(request);
        try {
            return ProtocolJson.fromJson(body, type);
        } catch (ProtocolException e) {
            throw new HarkApiException(0, "unexpected answer from " + request.uri().getPath() + ": " + e.getMessage());
        }
    }

    private <T> T get(String path, Class<T> type) throws HarkApiException {
        return send(request(path).GET().build(), type);
    }

    private <T> T post(String path, Object body, Class<T> type) throws HarkApiException {
        return send(json(request(path)).POST(HttpRequest.BodyPublishers.ofString(ProtocolJson.toJson(body))).build(), type);
    }

    private static HttpRequest.Builder json(HttpRequest.Builder b) {
        return b.header("Content-Type", "application/json");
    }

    /** Why a request could not be made, for people: the JDK's connection failures often have no message. */
    static String why(Throwable e) {
        if (e.getMessage() != null && !e.getMessage().isBlank()) {
            return e.getMessage();
        }
        return switch (e) {
            case java.net.http.HttpConnectTimeoutException t -> "connection timed out";
            case java.net.ConnectException c -> "connection refused";
            case java.net.http.HttpTimeoutException t -> "no answer in time";
            default -> e.getCause() != null && e.getCause() != e ? why(e.getCause()) : e.getClass().getSimpleName();
        };
    }

    /** The {@code detail} of an error body, else the status. */
    static String detail(String body, int status) {
        try {
            ErrorBody e = ProtocolJson.fromJson(body, ErrorBody.class);
            return e.detail() != null ? e.detail() : "HTTP " + status;
        } catch (ProtocolException | RuntimeException e) {
            return "HTTP " + status;
        }
    }

    static String q(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    static String segment(String s) {
        return q(s).replace("+", "%20");
    }

    public Health health() throws HarkApiException {
        return get("api/health", Health.class);
    }

    public ServerConfig config() throws HarkApiException {
        return get("api/config", ServerConfig.class);
    }

    /**
     * Engine models and checkpoints. A Hark server lists its engine models only when asked ({@code include=engine}:
     * v1 clients expect trained models alone); an asr-test backend ignores the parameter.
     */
    public List<ModelEntry> models() throws HarkApiException {
        List<ModelEntry> models = listOrEmpty(get("api/models?include=engine", ModelList.class).models());
        return models.stream().anyMatch(HarkApi::lacksCheckpointFacts) ? withCheckpointFacts(models) : models;
    }

    /** A checkpoint folder listed without its model, dataset or epoch (an asr-test server's {@code /api/models}). */
    private static boolean lacksCheckpointFacts(ModelEntry m) {
        return m.path() != null && (m.modelName() == null || m.datasetName() == null || m.epoch() == null);
    }

    /** The model, dataset and epoch of checkpoint folders as {@code /api/checkpoints} gives them (where it has them). */
    private List<ModelEntry> withCheckpointFacts(List<ModelEntry> models) {
        java.util.Map<String, ModelEntry> known = new java.util.HashMap<>();
        try {
            checkpoints().forEach(c -> known.putIfAbsent(c.name(), c));
        } catch (HarkApiException e) {
            return models; // the listing without them, as the server gave it
        }
        return models.stream().map(m -> {
            ModelEntry c = known.get(m.name());
            if (c == null || !lacksCheckpointFacts(m)) {
                return m;
            }
            return new ModelEntry(m.name(), m.engine(), m.builtIn(), m.description(), m.sampleRate(), m.details(), m.path(),
                    m.epoch() != null ? m.epoch() : c.epoch(), m.modelName() != null ? m.modelName() : c.modelName(),
                    m.datasetName() != null ? m.datasetName() : c.datasetName(), m.sizeMb(), m.fileCount(), m.createdAt(), m.files(),
                    m.trainingMetadata(), m.trainingStartTime(), m.trainingEndTime(), m.trainingParams(), m.trainingStatus());
        }).toList();
    }

    public List<ModelEntry> checkpoints() throws HarkApiException {
        return listOrEmpty(get("api/checkpoints", CheckpointList.class).checkpoints());
    }

    private static <T> List<T> listOrEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }

    public void deleteModel(String name) throws HarkApiException {
        send(request("api/models/" + segment(name)).DELETE().build());
    }

    public BulkDeleteResult deleteModels(List<String> names) throws HarkApiException {
        try {
            return send(json(request("api/models")).method("DELETE", HttpRequest.BodyPublishers.ofString(ProtocolJson.toJson(names))).build(),
                    BulkDeleteResult.class);
        } catch (HarkApiException e) {
            if (!missingRoute(e)) {
                throw e;
            }
        }
        // an older server without bulk delete: one by one
        List<String> deleted = new java.util.ArrayList<>();
        List<BulkDeleteResult.Failure> failed = new java.util.ArrayList<>();
        for (String name : names) {
            try {
                deleteModel(name);
                deleted.add(name);
            } catch (HarkApiException e) {
                failed.add(new BulkDeleteResult.Failure(name, e.getMessage()));
            }
        }
        return new BulkDeleteResult(deleted, failed, deleted.size() + " deleted, " + failed.size() + " failed");
    }

    /** A route the server does not have (an older server): 404 or 405. */
    static boolean missingRoute(HarkApiException e) {
        return e.status() == 404 || e.status() == 405;
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
                if (r.statusCode() == 404 || r.statusCode() == 405) {
                    throw new HarkApiException(r.statusCode(), HarkApiException.NOT_SUPPORTED + " (bulk download)");
                }
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

    /** The datasets; from an older server without {@code /api/datasets}, the names {@code /api/config} offers (status unknown). */
    public List<DatasetInfo> datasets() throws HarkApiException {
        try {
            return listOrEmpty(get("api/datasets", DatasetList.class).datasets());
        } catch (HarkApiException e) {
            if (!missingRoute(e)) {
                throw e;
            }
        }
        return listOrEmpty(config().availableDatasets()).stream()
                .map(n -> new DatasetInfo(n, "unknown", null, 0, 0, 0, null, List.of(), null, null, null)).toList();
    }

    public DatasetJob downloadDataset(String name) throws HarkApiException {
        return post("api/dataset/download", new DownloadRequest(name), DatasetJob.class);
    }

    /** Deletes a dataset; an older server without the route says {@link HarkApiException#NOT_SUPPORTED}. */
    public void deleteDataset(String name) throws HarkApiException {
        try {
            send(request("api/datasets/" + segment(name)).DELETE().build());
        } catch (HarkApiException e) {
            throw unsupported(e, "deleting datasets");
        }
    }

    /** Asks the server to synthesize a dataset (digits, commands or sentences); an older server says it cannot. */
    public DatasetJob generateDataset(GenerateRequest request) throws HarkApiException {
        try {
            return post("api/dataset/generate", request, DatasetJob.class);
        } catch (HarkApiException e) {
            throw unsupported(e, "generating datasets");
        }
    }

    /**
     * {@code e}, or "not supported by this server" when the server has no such route: 405, or a 404 whose detail is
     * the web framework's bare "Not Found" (FastAPI's answer for an unknown route; Hark's own 404s name what is missing).
     */
    static HarkApiException unsupported(HarkApiException e, String what) {
        boolean noRoute = e.status() == 405 || e.status() == 404 && "Not Found".equals(e.getMessage());
        return noRoute ? new HarkApiException(e.status(), HarkApiException.NOT_SUPPORTED + " (" + what + ")") : e;
    }

    public TrainStarted trainStart(TrainRequest request) throws HarkApiException {
        return post("api/train/start", request, TrainStarted.class);
    }

    public TrainStarted trainResume(TrainRequest request) throws HarkApiException {
        return post("api/train/resume", request, TrainStarted.class);
    }

    public Message trainStop() throws HarkApiException {
        return send(json(request("api/train/stop")).POST(HttpRequest.BodyPublishers.ofString("{}")).build(), Message.class);
    }

    public ProgressReport progress() throws HarkApiException {
        return get("api/progress", ProgressReport.class);
    }

    /** v1's file inference: transcription and timings. */
    public InferenceResult inference(Path file, String model) throws HarkApiException {
        MultipartBody body = new MultipartBody("file", file);
        String query = model == null || model.isBlank() ? "" : "?model_name=" + q(model);
        try {
            return send(request("api/inference" + query).header("Content-Type", body.contentType()).POST(body.publisher()).build(),
                    InferenceResult.class);
        } catch (IOException e) {
            throw new HarkApiException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * File inference with progress ({@link InferenceCall}): {@code progress} gets the server's progress lines,
     * {@code cancelled} is asked often; a cancelled call ends with {@link HarkApiException#cancelled()} and the
     * server stops decoding.
     */
    public InferenceResult inference(Path file, String model, java.util.function.Consumer<dev.hark.protocol.rest.InferenceEvent.Progress> progress,
            java.util.function.BooleanSupplier cancelled) throws HarkApiException {
        MultipartBody body = new MultipartBody("file", file);
        String query = "?progress=true" + (model == null || model.isBlank() ? "" : "&model_name=" + q(model));
        try {
            return InferenceCall.run(http, request("api/inference" + query).header("Content-Type", body.contentType()).POST(body.publisher()).build(),
                    progress, cancelled);
        } catch (IOException e) {
            throw new HarkApiException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Opens the {@code /api/events} Server-Sent Events stream; empty when the server has none (404, an
     * asr-test server). The caller closes the stream.
     */
    public java.util.Optional<InputStream> events() throws HarkApiException {
        return openEvents("api/events");
    }

    /**
     * Opens the {@code /v2/runs/events} Server-Sent Events stream of run changes; empty when the server has none (404:
     * an older Hark server, an asr-test backend). The caller closes the stream.
     */
    public java.util.Optional<InputStream> runEvents() throws HarkApiException {
        return openEvents("v2/runs/events");
    }

    private java.util.Optional<InputStream> openEvents(String path) throws HarkApiException {
        HttpRequest r = request(path).timeout(Duration.ofDays(365)).GET().build();
        try {
            HttpResponse<InputStream> response = http.send(r, HttpResponse.BodyHandlers.ofInputStream());
            if (response.statusCode() == 404) {
                response.body().close();
                return java.util.Optional.empty();
            }
            if (response.statusCode() != 200) {
                response.body().close();
                throw new HarkApiException(response.statusCode(), path + ": HTTP " + response.statusCode());
            }
            return java.util.Optional.of(response.body());
        } catch (IOException e) {
            throw new HarkApiException("cannot reach " + base + ": " + why(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HarkApiException("interrupted", e);
        }
    }

    /**
     * Opens the v1 {@code /ws} socket to hear the training broadcasts an asr-test server sends every socket
     * (progress, validation results, logs, a run's status). Completes exceptionally when it cannot be opened.
     */
    public java.util.concurrent.CompletableFuture<java.net.http.WebSocket> openBroadcasts(java.net.http.WebSocket.Listener listener) {
        String b = base.toString().replaceFirst("^http", "ws");
        java.net.http.WebSocket.Builder builder = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10));
        if (token != null && !token.isBlank()) {
            builder.header("Authorization", "Bearer " + token);
        }
        return builder.buildAsync(URI.create(b + "ws"), listener);
    }

    /**
     * Lets requests in flight finish, accepts no new ones, and frees the client's selector thread when they
     * have. Does not block.
     */
    @Override
    public void close() {
        http.shutdown();
    }
}
