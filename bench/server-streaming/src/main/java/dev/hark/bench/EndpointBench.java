package dev.hark.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import dev.hark.bench.common.Loopback;
import dev.hark.bench.common.Report;
import dev.hark.bench.common.Stats;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Endpointing (docs/benchmarks.md, "Endpointing"): one real-time en-us stream per condition against a running server,
 * measuring end of speech → final and whether sentences stay whole. Conditions: sentences as synthesized (no pause
 * inside), and the same sentences said in two halves with a pause of P seconds between them (a speaker pausing
 * mid-sentence). A sentence is <em>split</em> when more than one final falls on it. bench/server-endpoint.sh runs it
 * once per server setting ({@code --label}) into one TSV file, then {@code --summarize} prints the table with each
 * setting's latency as a ratio of the first's.
 */
@Command(name = "endpoint-bench", mixinStandardHelpOptions = true)
public final class EndpointBench implements Callable<Integer> {

    static final long RUN_LIMIT_NANOS = TimeUnit.MINUTES.toNanos(8);

    @Option(names = "--server")
    String server;
    @Option(names = "--cache")
    Path cache = Path.of("target/speech");
    @Option(names = "--label", description = "the server setting this run measures, e.g. vad_postspeech=30")
    String label = "default";
    @Option(names = "--tsv", required = true, description = "rows are appended here")
    Path tsv;
    @Option(names = "--utterances", description = "sentences per condition (default ${DEFAULT-VALUE})")
    int utterances = 16;
    @Option(names = "--pauses", split = ",", description = "pauses inside a sentence, seconds (default 0.25,0.4)")
    double[] pauses = { 0.25, 0.4 };
    @Option(names = "--summarize", description = "print the Markdown table of --tsv and exit")
    boolean summarize;
    @Option(names = "--smoke")
    boolean smoke;

    private final long deadline = System.nanoTime() + RUN_LIMIT_NANOS;

    public static void main(String[] args) {
        System.exit(new CommandLine(new EndpointBench()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        if (summarize) {
            summary();
            return 0;
        }
        if (smoke) {
            utterances = 2;
            pauses = new double[] { 0.4 };
        }
        URI base = Loopback.uri(server);
        URI v2 = URI.create("ws://127.0.0.1:" + base.getPort() + "/v2/stream");
        HttpClient http = HttpClient.newBuilder().executor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "bench-endpoint");
            t.setDaemon(true);
            return t;
        })).build();
        Corpus corpus = new Corpus(cache);
        List<Corpus.Clip> whole = corpus.clips(Corpus.SENTENCES);
        Report.progress(label + ": warm-up");
        run(http, v2, Corpus.stream(whole, 30, 2, ServerStreamingBench.LEAD_SECONDS, ServerStreamingBench.GAP_SECONDS));
        Report.progress(label + ": whole sentences");
        row("no pause", run(http, v2, Corpus.stream(whole, 3, utterances, ServerStreamingBench.LEAD_SECONDS,
                ServerStreamingBench.GAP_SECONDS)));
        for (double pause : pauses) {
            Report.progress(label + ": sentences with a " + pause + " s pause inside");
            List<Corpus.Clip> paused = new ArrayList<>();
            for (int k = 0; k < utterances; k++) {
                Corpus.Clip c = whole.get(Math.floorMod(3 + k, whole.size()));
                paused.add(inTwoHalves(corpus, c, pause));
            }
            row(String.format(Locale.ROOT, "%.2f s pause inside", pause), run(http, v2,
                    Corpus.stream(paused, 0, paused.size(), ServerStreamingBench.LEAD_SECONDS, ServerStreamingBench.GAP_SECONDS)));
        }
        return 0;
    }

    /** The clip's sentence said as two halves (split between words) with {@code pause} seconds of silence between. */
    private static Corpus.Clip inTwoHalves(Corpus corpus, Corpus.Clip c, double pause) throws Exception {
        String[] words = c.text().split(" ");
        int half = words.length / 2;
        String first = String.join(" ", java.util.Arrays.copyOfRange(words, 0, half));
        String second = String.join(" ", java.util.Arrays.copyOfRange(words, half, words.length));
        float[] a = corpus.clip(c.voice(), first).samples();
        float[] b = corpus.clip(c.voice(), second).samples();
        int gap = (int) Math.round(pause * Corpus.RATE);
        float[] out = new float[a.length + gap + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length + gap, b.length);
        return new Corpus.Clip(c.voice(), c.text(), out);
    }

    record Result(int utterances, int missing, int split, double p50, double p95, double max, double wer) {
    }

    private Result run(HttpClient http, URI v2, Corpus.Stream s) throws Exception {
        StreamClient c = new StreamClient(http, v2, "en-us", s, true, 0);
        WebSocket ws = c.open();
        try {
            long t0 = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(200);
            c.stream(ws, t0, Math.min(deadline, t0 + (long) (s.seconds() * 1e9) + TimeUnit.SECONDS.toNanos(60)));
        } finally {
            c.close(ws);
        }
        if (!c.errors.isEmpty()) {
            throw new IllegalStateException("server errors: " + c.errors);
        }
        List<List<StreamClient.Final>> per = ServerStreamingBench.Match.finalsPerUtterance(s, c.finals);
        List<Double> latency = new ArrayList<>();
        int missing = 0;
        int split = 0;
        for (int u = 0; u < s.utterances().size(); u++) {
            List<StreamClient.Final> fs = per.get(u);
            if (fs.isEmpty()) {
                missing++;
                continue;
            }
            if (fs.size() > 1) {
                split++;
            }
            StreamClient.Final last = fs.stream().max((x, y) -> Long.compare(x.arrived(), y.arrived())).orElseThrow();
            long speechEndSent = c.sentAt[StreamClient.frameOf(s.utterances().get(u).speechEnd() - 1)];
            latency.add((last.arrived() - speechEndSent) / 1e9);
        }
        double wer = ServerStreamingBench.Wer.of(s.reference(), ServerStreamingBench.Match.hypothesis(c.finals));
        return new Result(s.utterances().size(), missing, split, Stats.percentile(latency, 50), Stats.percentile(latency, 95),
                Stats.percentile(latency, 100), wer);
    }

    private void row(String condition, Result r) throws Exception {
        String line = String.join("\t", label, condition, Integer.toString(r.utterances()), Integer.toString(r.missing()),
                Integer.toString(r.split()), fmt(r.p50()), fmt(r.p95()), fmt(r.max()), fmt(r.wer())) + "\n";
        Files.writeString(tsv, line, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        Report.progress(line.strip());
    }

    private static String fmt(double x) {
        return String.format(Locale.ROOT, "%.3f", x);
    }

    /** One table: a row per setting and condition, p50 and p95 also as ratios of the first setting's in that condition. */
    private void summary() throws Exception {
        Map<String, double[]> reference = new LinkedHashMap<>();
        System.out.println("| setting | sentences | utterances | finals missing | split | latency p50 (s) | p95 (s) | max (s) | p50 / first | p95 / first | WER |");
        System.out.println("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        for (String line : Files.readAllLines(tsv)) {
            String[] f = line.split("\t");
            if (f.length < 9) {
                continue;
            }
            double p50 = Double.parseDouble(f[5]);
            double p95 = Double.parseDouble(f[6]);
            double[] ref = reference.computeIfAbsent(f[1], k -> new double[] { p50, p95 });
            System.out.println(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %.2f | %.2f | %.2f | %.2f | %.2f | %.1f %% |", f[0],
                    f[1], f[2], f[3], f[4], p50, p95, Double.parseDouble(f[7]), p50 / ref[0], p95 / ref[1],
                    100 * Double.parseDouble(f[8])));
        }
    }
}
