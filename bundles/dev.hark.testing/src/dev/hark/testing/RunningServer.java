package dev.hark.testing;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.util.tracker.ServiceTracker;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import dev.hark.engine.SpeechEngine;
import dev.hark.server.HarkServer;
import dev.hark.server.ModelCatalog;
import dev.hark.server.ServerConfig;

/** A real Hark server on a free loopback port, over the engines registered in this OSGi runtime. */
public final class RunningServer implements AutoCloseable {

    public final HarkServer server;
    public final ModelCatalog catalog;
    public final Path data;
    private final ServiceTracker<SpeechEngine, SpeechEngine> engines;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final String token;

    private RunningServer(ServerConfig config) throws Exception {
        this.data = config.dataDir();
        this.token = config.token();
        engines = new ServiceTracker<>(context(), SpeechEngine.class, null);
        engines.open();
        if (engines.waitForService(20_000) == null) {
            throw new AssertionError("no SpeechEngine service registered (is dev.hark.engine.pocketsphinx running?)");
        }
        catalog = new ModelCatalog(() -> List.of(engines.getServices(new SpeechEngine[0])));
        server = HarkServer.start(config, catalog);
    }

    /** A TCP port free on this machine a moment ago (for a server that must come back on the same port, or none at all). */
    public static int freePort() throws java.io.IOException {
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0)) {
            return probe.getLocalPort();
        }
    }

    public static RunningServer start(Path data) throws Exception {
        return start(ServerConfig.defaults().withPort(0).withDataDir(data));
    }

    public static RunningServer start(ServerConfig config) throws Exception {
        return new RunningServer(config);
    }

    public static BundleContext context() throws Exception {
        Bundle bundle = FrameworkUtil.getBundle(RunningServer.class);
        if (bundle.getState() != Bundle.ACTIVE) {
            bundle.start();
        }
        return bundle.getBundleContext();
    }

    public URI http(String path) {
        return server.httpUri().resolve(path);
    }

    public HttpResponse<String> get(String path) throws Exception {
        return send(HttpRequest.newBuilder(http(path)).GET());
    }

    public HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpRequest built = request.timeout(Duration.ofSeconds(60)).build();
        try {
            return http.send(built, HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            // The JDK client may reuse a pooled connection the server has just closed (Jetty closes after
            // refusing a malformed URI); one retry on a fresh connection tells that apart from a real failure.
            if (String.valueOf(e.getMessage()).contains("received no bytes")) {
                return http.send(built, HttpResponse.BodyHandlers.ofString());
            }
            throw e;
        }
    }

    public HttpResponse<byte[]> sendForBytes(HttpRequest.Builder request) throws Exception {
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    /** POSTs {@code body} as JSON. */
    public HttpResponse<String> post(String path, JsonObject body) throws Exception {
        return send(HttpRequest.newBuilder(http(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())));
    }

    /** Generates a dataset of {@code count} spoken digit strings and waits (up to 5 minutes) until it is ready. */
    public void generateDigits(String name, int count, long seed) throws Exception {
        JsonObject body = new JsonObject();
        body.addProperty("dataset_name", name);
        body.addProperty("kind", "digits");
        body.addProperty("count", count);
        body.addProperty("seed", seed);
        HttpResponse<String> r = post("/api/dataset/generate", body);
        if (r.statusCode() != 200) {
            throw new AssertionError("generating " + name + ": " + r.statusCode() + " " + r.body());
        }
        Await.until(Duration.ofMinutes(5), "dataset " + name, () -> {
            try {
                HttpResponse<String> d = get("/api/datasets/" + name);
                return d.statusCode() == 200 && json(d.body()).get("status").getAsString().equals("downloaded");
            } catch (Exception e) {
                return false;
            }
        });
    }

    /**
     * Starts a training run ({@code POST /api/train/start} with {@code body}, which must be accepted) and waits (up to
     * 10 minutes) until the supervisor is idle again; returns the run's id.
     */
    public String trainAndWait(JsonObject body) throws Exception {
        HttpResponse<String> started = post("/api/train/start", body);
        if (started.statusCode() != 200) {
            throw new AssertionError("training refused: " + started.statusCode() + " " + started.body());
        }
        if (!server.trainingSupervisor().awaitIdle(10, java.util.concurrent.TimeUnit.MINUTES)) {
            throw new AssertionError("training did not end within 10 minutes");
        }
        return json(started.body()).get("run_id").getAsString();
    }

    public static JsonObject json(String body) {
        return JsonParser.parseString(body).getAsJsonObject();
    }

    @Override
    public void close() throws Exception {
        try {
            server.close();
        } finally {
            catalog.close();
            engines.close();
        }
    }
}
