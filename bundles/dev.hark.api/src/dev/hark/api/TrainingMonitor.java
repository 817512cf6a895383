package dev.hark.api;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import dev.hark.core.Bus;
import dev.hark.core.TrainingEvent;

/**
 * Follows the server's training: the {@code /api/events} Server-Sent Events stream when the server has
 * it (a Hark server), else polling {@code /api/progress} once a second (an asr-test server). Every event
 * goes on the bus as a {@link TrainingEvent}. Owns one thread, "hark-training-monitor".
 */
public final class TrainingMonitor implements AutoCloseable {

    static final Duration POLL = Duration.ofSeconds(1);
    static final Duration RETRY = Duration.ofSeconds(2);

    private final HarkApi api;
    private final String token;
    private final Bus bus;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile InputStream stream;
    private volatile String mode = "connecting";

    public TrainingMonitor(HarkApi api, String token, Bus bus) {
        this.api = api;
        this.token = token;
        this.bus = bus;
        this.thread = new Thread(this::run, "hark-training-monitor");
        thread.setDaemon(true);
        thread.start();
    }

    /** "events" (push), "polling" or "connecting". */
    public String mode() {
        return mode;
    }

    private void run() {
        while (running) {
            try {
                if (!followEvents()) {
                    mode = "polling";
                    pollOnce();
                    Thread.sleep(POLL.toMillis());
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException | IOException e) {
                mode = "connecting";
                try {
                    Thread.sleep(RETRY.toMillis());
                } catch (InterruptedException ie) {
                    return;
                }
            }
        }
    }

    /** Reads the SSE stream until it ends; false if the server has none (404). */
    private boolean followEvents() throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(api.base().resolve("api/events")).GET();
        if (token != null && !token.isBlank()) {
            b.header("Authorization", "Bearer " + token);
        }
        HttpResponse<InputStream> r = http.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
        if (r.statusCode() == 404) {
            r.body().close();
            return false;
        }
        if (r.statusCode() != 200) {
            r.body().close();
            throw new IOException("events: HTTP " + r.statusCode());
        }
        mode = "events";
        stream = r.body();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
            String type = null;
            for (String line; running && (line = in.readLine()) != null;) {
                if (line.startsWith("event: ")) {
                    type = line.substring(7).strip();
                } else if (line.startsWith("data: ") && type != null) {
                    publish(type, line.substring(6));
                    type = null;
                }
            }
        }
        return true;
    }

    private void publish(String type, String json) {
        JsonElement e;
        try {
            e = JsonParser.parseString(json);
        } catch (RuntimeException ex) {
            return; // a broken event is skipped; the next one carries the state again
        }
        if (e.isJsonObject()) {
            bus.post(TrainingEvent.topicOf(type), new TrainingEvent(type, e.getAsJsonObject()));
        }
    }

    /** v1's progress as a progress event (one numbering: the server's global step). */
    private void pollOnce() {
        try {
            JsonObject p = api.progress();
            JsonObject progress = new JsonObject();
            progress.add("epoch", p.get("current_epoch"));
            progress.add("total_epochs", p.get("total_epochs"));
            progress.add("step", p.get("current_step"));
            progress.add("total_steps", p.get("total_steps"));
            progress.add("loss", p.get("current_loss"));
            progress.add("learning_rate", p.get("current_learning_rate"));
            progress.add("is_training", p.get("is_training"));
            bus.post(TrainingEvent.topicOf("progress"), new TrainingEvent("progress", progress));
        } catch (HarkApiException e) {
            // a server without training (503) or unreachable: nothing to show, try again later
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        InputStream s = stream;
        if (s != null) {
            try {
                s.close();
            } catch (IOException e) {
                // closing to unblock the reader
            }
        }
        try {
            thread.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

}
