package dev.hark.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import dev.hark.bench.common.Loopback;
import dev.hark.bench.common.Report;
import dev.hark.bench.common.Stats;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The server under a crowd (docs/benchmarks.md, "Server under load"): N real-time v2 streams started together, up
 * to and past the server's stream capacity — how many are admitted, how fast the others hear {@code busy}, the
 * admitted streams' end of speech → final latency, and the server's RSS; then start-and-drop churn (start a
 * session, send a second of audio, drop the connection without a word) and the RSS over the cycles. Every loop is
 * bounded; nothing here is a test.
 */
@Command(name = "load-bench", mixinStandardHelpOptions = true)
public final class LoadBench implements Callable<Integer> {

    static final long RUN_LIMIT_NANOS = TimeUnit.MINUTES.toNanos(9);
    /**
     * Churn waits this long after a busy answer and tries the cycle again. A dropped session keeps its permit until the
     * server has decoded what was already sent and seen the drop; with idle decoders a start is ready at once, so an
     * unpaced churner can outrun that.
     */
    static final long BUSY_PAUSE_MS = 500;

    @Option(names = "--server", required = true)
    String server;
    @Option(names = "--pid", required = true)
    long pid;
    @Option(names = "--cache")
    Path cache = Path.of("target/speech");
    @Option(names = "--out")
    Path out;
    @Option(names = "--ns", split = ",", description = "concurrent stream counts (default 4,8,50)")
    int[] ns = { 4, 8, 50 };
    @Option(names = "--churn", description = "start-and-drop cycles (default ${DEFAULT-VALUE})")
    int churn = 100;
    @Option(names = "--clips", description = "utterances per stream (default ${DEFAULT-VALUE})")
    int clips = 4;
    @Option(names = "--smoke")
    boolean smoke;

    private final Report report = new Report();
    private final long deadline = System.nanoTime() + RUN_LIMIT_NANOS;
    private HttpClient http;
    private URI v2;

    public static void main(String[] args) {
        System.exit(new CommandLine(new LoadBench()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        URI base = Loopback.uri(server);
        v2 = URI.create("ws://127.0.0.1:" + base.getPort() + "/v2/stream");
        if (smoke) {
            ns = new int[] { 2 };
            churn = 5;
            clips = 1;
        }
        ExecutorService pool = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "bench-load");
            t.setDaemon(true);
            return t;
        });
        http = HttpClient.newBuilder().executor(pool).build();
        Corpus corpus = new Corpus(cache);
        List<Corpus.Clip> en = corpus.clips(Corpus.SENTENCES);
        Report.progress("warm-up");
        crowd(en, 1, pool);

        report.print("### Crowd: N real-time en-us streams started together");
        report.print("");
        report.print("| N | admitted | busy | busy answer max (ms) | ready max (s) | utterances | finals missing | latency p50 (s) | p95 (s) | max (s) | RSS before (MB) | RSS peak (MB) |");
        report.print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        for (int n : ns) {
            Report.progress("crowd of " + n);
            crowd(en, n, pool);
        }
        report.print("");

        report.print("### Start-and-drop churn");
        report.print("");
        churn(en.get(0).samples());
        report.save(out);
        pool.shutdownNow();
        return 0;
    }

    private long rssKb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (Exception e) {
            // gone
        }
        return -1;
    }

    private void crowd(List<Corpus.Clip> en, int n, ExecutorService pool) throws Exception {
        long rssBefore = rssKb();
        long[] rssPeak = { rssBefore };
        var sampler = Executors.newSingleThreadScheduledExecutor();
        sampler.scheduleAtFixedRate(() -> rssPeak[0] = Math.max(rssPeak[0], rssKb()), 0, 200, TimeUnit.MILLISECONDS);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Object>> results = new ArrayList<>();
        long t0 = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        for (int i = 0; i < n; i++) {
            Corpus.Stream s = Corpus.stream(en, i * clips % en.size(), clips, 0.5, 1.0);
            StreamClient c = new StreamClient(http, v2, "en-us", s, true, i * StreamClient.FRAME_NANOS / Math.max(1, n));
            results.add(pool.submit(() -> {
                go.await();
                long asked = System.nanoTime();
                WebSocket ws;
                try {
                    ws = c.open();
                } catch (IllegalStateException e) {
                    if (String.valueOf(e.getMessage()).contains("busy")) {
                        return (System.nanoTime() - asked) / 1e6; // busy: how long the answer took (ms)
                    }
                    throw e;
                }
                try {
                    c.stream(ws, Math.max(t0, System.nanoTime()), deadline);
                } finally {
                    c.close(ws);
                }
                return c;
            }));
        }
        go.countDown();
        int admitted = 0;
        int busy = 0;
        double busyMax = 0;
        double readyMax = 0;
        int utterances = 0;
        int missing = 0;
        List<Double> latency = new ArrayList<>();
        for (Future<Object> f : results) {
            Object r = f.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (r instanceof Double ms) {
                busy++;
                busyMax = Math.max(busyMax, ms);
                continue;
            }
            StreamClient c = (StreamClient) r;
            admitted++;
            readyMax = Math.max(readyMax, c.readyNanos / 1e9);
            Corpus.Stream s = c.audio();
            List<StreamClient.Final> byUtterance = ServerStreamingBench.Match.lastFinalPerUtterance(s, c.finals);
            for (int u = 0; u < s.utterances().size(); u++) {
                utterances++;
                StreamClient.Final fin = byUtterance.get(u);
                if (fin == null) {
                    missing++;
                    continue;
                }
                long speechEndSent = c.sentAt[StreamClient.frameOf(s.utterances().get(u).speechEnd() - 1)];
                latency.add((fin.arrived() - speechEndSent) / 1e9);
            }
        }
        sampler.shutdownNow();
        if (n > 1 || ns.length == 0) {
            report.print(String.format(Locale.ROOT, "| %d | %d | %d | %.0f | %.2f | %d | %d | %.2f | %.2f | %.2f | %d | %d |", n, admitted,
                    busy, busyMax, readyMax, utterances, missing, Stats.percentile(latency, 50), Stats.percentile(latency, 95),
                    Stats.percentile(latency, 100), rssBefore / 1024, rssPeak[0] / 1024));
        }
    }

    /** Start a session, send 1 s of speech, drop the connection (no stop, no close handshake); RSS every 10 cycles. */
    private void churn(float[] speech) throws Exception {
        System.gc();
        long baseline = rssKb();
        List<String> row = new ArrayList<>();
        long peak = baseline;
        int done = 0;
        int busy = 0;
        for (int i = 1; i <= churn && System.nanoTime() < deadline; i++) {
            LinkedBlockingQueue<String> texts = new LinkedBlockingQueue<>();
            WebSocket ws = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10)).buildAsync(v2, new WebSocket.Listener() {
                @Override
                public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
                    texts.add(data.toString());
                    w.request(1);
                    return null;
                }
            }).get(15, TimeUnit.SECONDS);
            ws.sendText("{\"type\":\"hello\",\"protocol\":2}", true).get(10, TimeUnit.SECONDS);
            ws.sendText("{\"type\":\"start\",\"model\":\"en-us\",\"sample_rate\":48000,\"format\":\"f32\"}", true).get(10, TimeUnit.SECONDS);
            String m;
            boolean refused = false;
            while ((m = texts.poll(30, TimeUnit.SECONDS)) != null && !m.contains("\"ready\"")) {
                if (m.contains("\"busy\"")) {
                    refused = true; // the server has not yet seen the last drops: their sessions still hold permits
                    break;
                }
                if (m.contains("\"error\"")) {
                    throw new IllegalStateException("churn cycle " + i + ": " + m);
                }
            }
            if (refused) {
                busy++;
                ws.abort();
                Thread.sleep(BUSY_PAUSE_MS);
                i--; // the same cycle again
                continue;
            }
            ByteBuffer frame = ByteBuffer.allocate(8 + 4 * 480).order(ByteOrder.LITTLE_ENDIAN);
            for (int k = 0; k < 100; k++) {
                frame.clear();
                frame.putLong(k);
                for (int j = 0; j < 480; j++) {
                    frame.putFloat(speech[(k * 480 + j) % speech.length]);
                }
                frame.flip();
                ws.sendBinary(frame, true).get(10, TimeUnit.SECONDS);
            }
            ws.abort();
            done = i;
            long rss = rssKb();
            peak = Math.max(peak, rss);
            if (i % 10 == 0 || i == churn) {
                row.add(i + ": " + rss / 1024);
            }
        }
        Thread.sleep(3_000); // the server frees a dropped session's decoder at once; let the last ones go
        long after = rssKb();
        report.print("RSS (MB) after N cycles: " + String.join(", ", row) + ". Starts answered busy (retried after "
                + BUSY_PAUSE_MS + " ms): " + busy + ".");
        report.print("");
        report.print(String.format(Locale.ROOT, "| cycles | RSS baseline (MB) | RSS peak (MB) | RSS 3 s after the last (MB) | after / baseline |"));
        report.print("| ---: | ---: | ---: | ---: | ---: |");
        report.print(String.format(Locale.ROOT, "| %d of %d | %d | %d | %d | %.2f |", done, churn, baseline / 1024, peak / 1024, after / 1024,
                (double) after / baseline));
        report.print("");
    }
}
