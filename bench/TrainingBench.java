/*
 * Training and inference benchmark of a Hark server product (not part of the test run).
 *
 *   bench/training-bench.sh            builds nothing; unpacks the Linux server archive and runs this
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
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;

public class TrainingBench {

    static final HttpClient HTTP = HttpClient.newHttpClient();
    static String base;

    public static void main(String[] args) throws Exception {
        Path launcher = Path.of(args[0]);
        Path data = Files.createTempDirectory("hark-bench-");
        int epochs = args.length > 1 ? Integer.parseInt(args[1]) : 12;
        Process server = new ProcessBuilder(launcher.toString(), "--port", "0", "--data", data.toString())
                .redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
        for (String line; (line = out.readLine()) != null;) {
            Matcher m = Pattern.compile("listening on (http://\\S+)").matcher(line);
            if (m.find()) {
                base = m.group(1);
                break;
            }
        }
        Thread drain = new Thread(() -> {
            try {
                while (out.readLine() != null) {
                    // keep the pipe flowing
                }
            } catch (Exception e) {
                // gone
            }
        });
        drain.setDaemon(true);
        drain.start();
        List<String[]> rows = new ArrayList<>();
        try {
            post("/api/dataset/generate", "{\"dataset_name\":\"digits\",\"kind\":\"digits\",\"count\":480,\"seed\":1}");
            post("/api/dataset/generate", "{\"dataset_name\":\"heldout\",\"kind\":\"digits\",\"count\":20,\"seed\":9}");
            waitFor(() -> get("/api/datasets/digits").contains("\"status\":\"downloaded\"")
                    && get("/api/datasets/heldout").contains("\"status\":\"downloaded\""), 600);
            List<Path> clips = new ArrayList<>();
            try (var list = Files.list(data.resolve("datasets/heldout/wavs"))) {
                list.sorted().forEach(clips::add);
            }

            double[] idleDigits = streamLatencies("en-us-digits", clips);
            // training run 1: throughput, step times; streaming during it
            post("/api/train/start", "{\"model_name\":\"ctc\",\"dataset_name\":\"digits\",\"epochs\":" + epochs
                    + ",\"batch_size\":8,\"learning_rate\":0.004,\"validation_split\":0.1,\"resume_from_checkpoint\":false}");
            waitFor(() -> number(get("/api/progress"), "current_step") > 20, 300);
            double[] busyDigits = streamLatencies("en-us-digits", clips);
            waitFor(() -> get("/api/status").contains("false"), 3600);
            String progress = get("/api/progress");
            rows.add(new String[] { "training throughput (audio s / s), batch 8, 1 thread",
                    fmt(number(progress, "audio_seconds_per_second")) });
            rows.add(new String[] { "training step time p50 / p99 (ms)",
                    fmt(number(progress, "step_time_p50_ms")) + " / " + fmt(number(progress, "step_time_p99_ms")) });
            rows.add(new String[] { "validation CER after " + epochs + " epochs", fmt(100 * number(progress, "cer")) + " %" });

            double ctcRtf = rtf("ctc-digits-latest", clips);
            double psRtf = rtf("en-us-digits", clips);
            rows.add(new String[] { "inference RTF, /api/inference, ctc checkpoint", String.format(Locale.ROOT, "%.4f", ctcRtf) });
            rows.add(new String[] { "inference RTF, /api/inference, pocketsphinx en-us-digits", String.format(Locale.ROOT, "%.4f", psRtf) });
            double[] idleCtc = streamLatencies("ctc-digits-latest", clips);

            // training run 2 (fresh) to stream the trained ctc model while training runs
            post("/api/train/start", "{\"model_name\":\"ctc\",\"dataset_name\":\"digits\",\"epochs\":" + (epochs * 4)
                    + ",\"batch_size\":8,\"resume_from_checkpoint\":false,\"keep_checkpoints\":2}");
            waitFor(() -> number(get("/api/progress"), "current_step") > 20, 300);
            double[] busyCtc = streamLatencies("ctc-digits-latest", clips);
            post("/api/train/stop", "{}");
            waitFor(() -> get("/api/status").contains("false"), 600);

            rows.add(new String[] { "streaming stop->final p50 / p95 (ms), en-us-digits, idle", pct(idleDigits) });
            rows.add(new String[] { "streaming stop->final p50 / p95 (ms), en-us-digits, training running", pct(busyDigits) });
            rows.add(new String[] { "streaming stop->final p50 / p95 (ms), ctc checkpoint, idle", pct(idleCtc) });
            rows.add(new String[] { "streaming stop->final p50 / p95 (ms), ctc checkpoint, training running", pct(busyCtc) });
        } finally {
            server.destroy();
            server.waitFor(30, TimeUnit.SECONDS);
        }
        System.out.println("| measure | value |");
        System.out.println("| --- | --- |");
        for (String[] r : rows) {
            System.out.println("| " + r[0] + " | " + r[1] + " |");
        }
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

    static String get(String path) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).build(), HttpResponse.BodyHandlers.ofString()).body();
        } catch (Exception e) {
            return "";
        }
    }

    static String post(String path, String json) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException(path + ": " + r.statusCode() + " " + r.body());
        }
        return r.body();
    }

    static double number(String json, String key) {
        Matcher m = Pattern.compile("\"" + key + "\":(-?[0-9.Ee+-]+)").matcher(json);
        return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
    }

    static String fmt(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    static String pct(double[] v) {
        double[] s = v.clone();
        java.util.Arrays.sort(s);
        return fmt(s[s.length / 2]) + " / " + fmt(s[Math.min(s.length - 1, (int) Math.ceil(s.length * 0.95) - 1)]);
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
            String r = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/inference?model_name=" + model))
                    .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build(), HttpResponse.BodyHandlers.ofString()).body();
            audio += number(r, "audio_seconds");
            compute += number(r, "inference_time_ms") / 1000;
        }
        return compute / audio;
    }

    /** Streams each clip in real time (100 ms frames) on /ws and returns stop->final latencies in ms. */
    static double[] streamLatencies(String model, List<Path> clips) throws Exception {
        List<Double> out = new ArrayList<>();
        for (Path clip : clips.subList(0, Math.min(10, clips.size()))) {
            short[] pcm = pcm16k(clip);
            LinkedBlockingQueue<String> texts = new LinkedBlockingQueue<>();
            StringBuilder partial = new StringBuilder();
            WebSocket ws = HTTP.newWebSocketBuilder().buildAsync(URI.create(base.replace("http", "ws") + "/ws"), new WebSocket.Listener() {
                @Override
                public CompletionStage<?> onText(WebSocket w, CharSequence d, boolean last) {
                    partial.append(d);
                    if (last) {
                        texts.add(partial.toString());
                        partial.setLength(0);
                    }
                    w.request(1);
                    return null;
                }
            }).get(10, TimeUnit.SECONDS);
            ws.sendText("{\"type\":\"start\",\"model_name\":\"" + model + "\",\"sample_rate\":16000,\"format\":\"i16\"}", true).get();
            while (!texts.take().contains("\"ready\"")) {
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
            for (String m; (m = texts.poll(30, TimeUnit.SECONDS)) != null;) {
                if (m.contains("\"type\":\"final\"") && latency < 0) {
                    latency = (System.nanoTime() - stop) / 1e6;
                }
                if (m.contains("\"status\":\"stopped\"") && m.contains("\"type\":\"status\"") && !m.contains("run_id")) {
                    if (latency < 0) {
                        latency = (System.nanoTime() - stop) / 1e6; // nothing left to finalize
                    }
                    break;
                }
            }
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "").get();
            out.add(latency);
        }
        Collections.sort(out);
        return out.stream().mapToDouble(Double::doubleValue).toArray();
    }
}
