package dev.hark.bench.training;

/*
 * Training and inference benchmark of a Hark server product (not part of the test run).
 *
 *   bench/training-bench.sh [EPOCHS]     builds the harness, unpacks the Linux server archive and runs this
 *
 * Measures, over the REST API and /ws like a client would:
 *  - training throughput (audio seconds per second) and step time p50/p99, from the worker's progress events;
 *  - inference real-time factor of /api/inference (ctc checkpoint and pocketsphinx digits);
 *  - streaming latency on /ws (audio paced in real time, 100 ms frames; latency = `stop` sent -> `final` received)
 *    with and without a training run in progress.
 * Prints a Markdown table.
 */
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;

import com.google.gson.JsonObject;

import dev.hark.bench.common.Json;
import dev.hark.bench.common.Stats;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "training-bench", mixinStandardHelpOptions = true,
        description = "Trains, infers and streams against a Hark server product it starts on 127.0.0.1, and prints a Markdown table.")
public class TrainingBench implements Callable<Integer> {

    static final HttpClient HTTP = HttpClient.newHttpClient();
    static String base;

    @Parameters(index = "0", paramLabel = "LAUNCHER", description = "the server product's hark-server script")
    Path launcher;

    @Parameters(index = "1", arity = "0..1", paramLabel = "EPOCHS", description = "epochs of the first training run (default ${DEFAULT-VALUE})")
    int epochs = 12;

    @Option(names = "--smoke", description = "a short run that only shows the harness works: a small dataset, 2 epochs, 2 clips streamed")
    boolean smoke;

    public static void main(String[] args) {
        System.exit(new CommandLine(new TrainingBench()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        Path data = Files.createTempDirectory("hark-bench-");
        int clipsToTrain = smoke ? 96 : 480;
        int stepsFirst = smoke ? 2 : 20;
        int streamed = smoke ? 2 : 10;
        if (smoke) {
            epochs = Math.min(epochs, 2);
        }
        Process server = new ProcessBuilder(launcher.toString(), "--port", "0", "--data", data.toString())
                .redirectErrorStream(true).start();
        // Ctrl-C or a kill of this harness stops the server and its training worker too
        Thread stopper = new Thread(() -> {
            server.descendants().forEach(ProcessHandle::destroyForcibly);
            server.destroyForcibly();
        }, "bench-stop-server");
        Runtime.getRuntime().addShutdownHook(stopper);
        BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
        Thread drain = new Thread(() -> {
            try {
                while (out.readLine() != null) {
                    // keep the pipe flowing
                }
            } catch (Exception e) {
                // gone
            }
        }, "bench-server-output");
        drain.setDaemon(true);
        List<String[]> rows = new ArrayList<>();
        try {
            for (String line; (line = out.readLine()) != null;) {
                Matcher m = Pattern.compile("listening on (http://127\\.0\\.0\\.1:\\d+)").matcher(line);
                if (m.find()) {
                    base = m.group(1);
                    break;
                }
            }
            if (base == null) {
                throw new IllegalStateException("the server did not start on 127.0.0.1 (exit " + server.waitFor() + ")");
            }
            drain.start();
            post("/api/dataset/generate", "{\"dataset_name\":\"digits\",\"kind\":\"digits\",\"count\":" + clipsToTrain + ",\"seed\":1}");
            post("/api/dataset/generate", "{\"dataset_name\":\"heldout\",\"kind\":\"digits\",\"count\":20,\"seed\":9}");
            waitFor(() -> "downloaded".equals(Json.str(get("/api/datasets/digits"), "status"))
                    && "downloaded".equals(Json.str(get("/api/datasets/heldout"), "status")), 600);
            List<Path> clips = new ArrayList<>();
            try (var list = Files.list(data.resolve("datasets/heldout/wavs"))) {
                list.sorted().forEach(clips::add);
            }
            List<Path> streamClips = clips.subList(0, Math.min(streamed, clips.size()));

            double[] idleDigits = streamLatencies("en-us-digits", streamClips);
            // training run 1: throughput, step times; streaming during it
            post("/api/train/start", "{\"model_name\":\"ctc\",\"dataset_name\":\"digits\",\"epochs\":" + epochs
                    + ",\"batch_size\":8,\"learning_rate\":0.004,\"validation_split\":0.1,\"resume_from_checkpoint\":false}");
            waitFor(() -> Json.num(get("/api/progress"), "current_step") > stepsFirst, 300);
            double[] busyDigits = streamLatencies("en-us-digits", streamClips);
            waitFor(() -> !training(), 3600);
            JsonObject progress = get("/api/progress");
            rows.add(new String[] { "training throughput (audio s / s), batch 8, 1 thread",
                    fmt(Json.num(progress, "audio_seconds_per_second")) });
            rows.add(new String[] { "training step time p50 / p99 (ms)",
                    fmt(Json.num(progress, "step_time_p50_ms")) + " / " + fmt(Json.num(progress, "step_time_p99_ms")) });
            rows.add(new String[] { "validation CER after " + epochs + " epochs", fmt(100 * Json.num(progress, "cer")) + " %" });

            double ctcRtf = rtf("ctc-digits-latest", smoke ? streamClips : clips);
            double psRtf = rtf("en-us-digits", smoke ? streamClips : clips);
            rows.add(new String[] { "inference RTF, /api/inference, ctc checkpoint", String.format(Locale.ROOT, "%.4f", ctcRtf) });
            rows.add(new String[] { "inference RTF, /api/inference, pocketsphinx en-us-digits", String.format(Locale.ROOT, "%.4f", psRtf) });
            double[] idleCtc = streamLatencies("ctc-digits-latest", streamClips);

            // training run 2 (fresh) to stream the trained ctc model while training runs
            post("/api/train/start", "{\"model_name\":\"ctc\",\"dataset_name\":\"digits\",\"epochs\":" + (epochs * 4)
                    + ",\"batch_size\":8,\"resume_from_checkpoint\":false,\"keep_checkpoints\":2}");
            waitFor(() -> Json.num(get("/api/progress"), "current_step") > stepsFirst, 300);
            double[] busyCtc = streamLatencies("ctc-digits-latest", streamClips);
            post("/api/train/stop", "{}");
            waitFor(() -> !training(), 600);

            rows.add(new String[] { "streaming stop->final p50 / p95 (ms), en-us-digits, idle", pct(idleDigits) });
            rows.add(new String[] { "streaming stop->final p50 / p95 (ms), en-us-digits, training running", pct(busyDigits) });
            rows.add(new String[] { "streaming stop->final p50 / p95 (ms), ctc checkpoint, idle", pct(idleCtc) });
            rows.add(new String[] { "streaming stop->final p50 / p95 (ms), ctc checkpoint, training running", pct(busyCtc) });
        } finally {
            stop(server);
            Runtime.getRuntime().removeShutdownHook(stopper);
        }
        System.out.println("| measure | value |");
        System.out.println("| --- | --- |");
        for (String[] r : rows) {
            System.out.println("| " + r[0] + " | " + r[1] + " |");
        }
        return 0;
    }

    /** SIGTERM to the server (it ends its training worker), SIGKILL to whatever is left after 30 s. */
    static void stop(Process server) throws InterruptedException {
        List<ProcessHandle> children = server.descendants().toList();
        server.destroy();
        if (!server.waitFor(30, TimeUnit.SECONDS)) {
            System.err.println("bench: the server ignored SIGTERM for 30 s; killing it");
            server.destroyForcibly();
            server.waitFor(10, TimeUnit.SECONDS);
        }
        for (ProcessHandle c : children) {
            if (c.isAlive()) {
                System.err.println("bench: killing the server's child " + c.pid());
                c.destroyForcibly();
            }
        }
        System.err.println("bench: server " + server.pid() + (server.isAlive() ? " is STILL running" : " stopped"));
    }

    static boolean training() {
        JsonObject status = get("/api/status");
        return !status.has("is_training") || status.get("is_training").getAsBoolean();
    }

    interface Check {
        boolean ok() throws Exception;
    }

    static void waitFor(Check c, int seconds) throws Exception {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        while (!c.ok()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out");
            }
            Thread.sleep(250);
        }
    }

    /** The JSON object at path; an empty one when the server does not answer (yet). */
    static JsonObject get(String path) {
        try {
            return Json.object(HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).build(), HttpResponse.BodyHandlers.ofString()).body());
        } catch (Exception e) {
            return new JsonObject();
        }
    }

    static JsonObject post(String path, String json) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException(path + ": " + r.statusCode() + " " + r.body());
        }
        return Json.object(r.body());
    }

    static String fmt(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    static String pct(double[] v) {
        return fmt(Stats.percentile(v, 50)) + " / " + fmt(Stats.percentile(v, 95));
    }

    static short[] pcm16k(Path wav) throws Exception {
        try (AudioInputStream in = AudioSystem.getAudioInputStream(new AudioFormat(16000, 16, 1, true, false),
                AudioSystem.getAudioInputStream(wav.toFile()))) {
            byte[] b = in.readAllBytes();
            short[] s = new short[b.length / 2];
            ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).asShortBuffer().get(s);
            return s;
        }
    }

    static double rtf(String model, List<Path> clips) throws Exception {
        double audio = 0, compute = 0;
        for (Path clip : clips) {
            String boundary = "hark" + System.nanoTime();
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.wav\"\r\n"
                    + "Content-Type: audio/wav\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            body.write(Files.readAllBytes(clip));
            body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
            JsonObject r = Json.object(HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/inference?model_name=" + model))
                    .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build(), HttpResponse.BodyHandlers.ofString()).body());
            audio += Json.num(r, "audio_seconds");
            compute += Json.num(r, "inference_time_ms") / 1000;
        }
        return compute / audio;
    }

    /** A v1 message's payload ({"type":..., "payload":{...}}); empty if it has none. */
    static JsonObject payload(JsonObject message) {
        return message.has("payload") && message.get("payload").isJsonObject() ? message.getAsJsonObject("payload") : new JsonObject();
    }

    /** Streams each clip in real time (100 ms frames) on /ws and returns stop->final latencies in ms. */
    static double[] streamLatencies(String model, List<Path> clips) throws Exception {
        List<Double> out = new ArrayList<>();
        for (Path clip : clips) {
            short[] pcm = pcm16k(clip);
            LinkedBlockingQueue<JsonObject> texts = new LinkedBlockingQueue<>();
            StringBuilder partial = new StringBuilder();
            WebSocket ws = HTTP.newWebSocketBuilder().buildAsync(URI.create(base.replace("http", "ws") + "/ws"), new WebSocket.Listener() {
                @Override
                public CompletionStage<?> onText(WebSocket w, CharSequence d, boolean last) {
                    partial.append(d);
                    if (last) {
                        texts.add(Json.object(partial.toString()));
                        partial.setLength(0);
                    }
                    w.request(1);
                    return null;
                }
            }).get(10, TimeUnit.SECONDS);
            ws.sendText("{\"type\":\"start\",\"model_name\":\"" + model + "\",\"sample_rate\":16000,\"format\":\"i16\"}", true).get();
            while (!"ready".equals(Json.str(payload(texts.take()), "status"))) {
                // training broadcasts may come first
            }
            long t0 = System.nanoTime();
            for (int off = 0, n = 0; off < pcm.length; off += 1600, n++) {
                int len = Math.min(1600, pcm.length - off);
                ByteBuffer b = ByteBuffer.allocate(len * 2).order(ByteOrder.LITTLE_ENDIAN);
                for (int i = 0; i < len; i++) {
                    b.putShort(pcm[off + i]);
                }
                b.flip();
                ws.sendBinary(b, true).get();
                long due = t0 + (n + 1) * 100_000_000L;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
            }
            texts.clear();
            long stop = System.nanoTime();
            ws.sendText("{\"type\":\"stop\"}", true).get();
            double latency = -1;
            for (JsonObject m; (m = texts.poll(30, TimeUnit.SECONDS)) != null;) {
                String type = Json.str(m, "type");
                if ("final".equals(type) && latency < 0) {
                    latency = (System.nanoTime() - stop) / 1e6;
                }
                if ("status".equals(type) && "stopped".equals(Json.str(payload(m), "status")) && !payload(m).has("run_id")) {
                    if (latency < 0) {
                        latency = (System.nanoTime() - stop) / 1e6; // nothing left to finalize
                    }
                    break;
                }
            }
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "").get();
            out.add(latency);
        }
        return out.stream().mapToDouble(Double::doubleValue).toArray();
    }
}
