package dev.hark.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import dev.hark.bench.common.Loopback;
import dev.hark.bench.common.ProcCpu;
import dev.hark.bench.common.Report;
import dev.hark.bench.common.Stats;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The server streaming benchmark's client: drives a running Hark server over protocol v2 on loopback and prints
 * Markdown tables. Run by bench/server-streaming.sh, which starts and stops the server.
 *
 * <pre>
 * java -cp ... dev.hark.bench.ServerStreamingBench --server http://127.0.0.1:PORT --pid PID [--cache DIR] [--out FILE]
 *      [--ns 1,2,3,4,6,8] [--bound 1.5] [--cores 2] [--clk-tck 100] [--smoke]
 * </pre>
 */
@Command(name = "server-streaming-bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Drives a running Hark server over protocol v2 on 127.0.0.1 and prints Markdown tables.")
public final class ServerStreamingBench implements Callable<Integer> {

    static final double LEAD_SECONDS = 0.5;
    static final double GAP_SECONDS = 1.0;
    /** The whole run gives up after this long. */
    static final long RUN_LIMIT_NANOS = TimeUnit.MINUTES.toNanos(9);

    @Option(names = "--server", required = true, paramLabel = "URL", description = "the server, http://127.0.0.1:PORT")
    String server;
    @Option(names = "--pid", required = true, paramLabel = "PID", description = "the server's process, for its CPU time")
    long pid;
    @Option(names = "--cache", paramLabel = "DIR", description = "synthesized speech (default ${DEFAULT-VALUE})")
    Path cache = Path.of("target/speech");
    @Option(names = "--out", paramLabel = "FILE", description = "also write the tables there")
    Path out;
    @Option(names = "--ns", split = ",", paramLabel = "N", description = "concurrent stream counts (default 1,2,3,4,6,8)")
    int[] ns = { 1, 2, 3, 4, 6, 8 };
    @Option(names = "--bound", paramLabel = "S", description = "p95 latency bound of the streams-per-core rule (default ${DEFAULT-VALUE})")
    double bound = 1.5;
    @Option(names = "--cores", paramLabel = "N", description = "the machine's cores (default: the JVM's count)")
    int cores = Runtime.getRuntime().availableProcessors();
    @Option(names = "--clk-tck", paramLabel = "HZ", description = "getconf CLK_TCK (default ${DEFAULT-VALUE})")
    int clkTck = 100;
    @Option(names = "--smoke", description = "a short run that only shows the harness works: few utterances, N=1, no numbers to keep")
    boolean smoke;

    private int rtfClips = 20;
    private int realtimeClips = 10;
    private int latencyClips = 20;
    private URI v2;
    private Corpus corpus;
    private final Report report = new Report();
    private HttpClient http;
    private final long runDeadline = System.nanoTime() + RUN_LIMIT_NANOS;

    public static void main(String[] args) {
        System.exit(new CommandLine(new ServerStreamingBench()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        URI base = Loopback.uri(server);
        v2 = URI.create("ws://127.0.0.1:" + base.getPort() + "/v2/stream");
        corpus = new Corpus(cache);
        if (smoke) {
            rtfClips = 3;
            realtimeClips = 2;
            latencyClips = 2;
            ns = new int[] { 1 };
        }
        http = HttpClient.newBuilder().executor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "bench-http");
            t.setDaemon(true);
            return t;
        })).build();
        run();
        report.save(out);
        return 0;
    }

    private void print(String line) {
        report.print(line);
    }

    private static void progress(String line) {
        Report.progress(line);
    }

    private void run() throws Exception {
        progress("synthesizing speech (flite slt/rms/awb/kal, espeak-ng en-us; cached)");
        List<Corpus.Clip> en = corpus.clips(Corpus.SENTENCES);
        List<Corpus.Clip> digits = corpus.clips(Corpus.DIGITS);
        progress(String.format(Locale.ROOT, "%d en-us clips (mean %.2f s), %d digit clips (mean %.2f s)", en.size(),
                en.stream().mapToDouble(Corpus.Clip::seconds).average().orElse(0), digits.size(),
                digits.stream().mapToDouble(Corpus.Clip::seconds).average().orElse(0)));

        progress("warm-up (loads both models, warms the server's JIT; not reported)");
        fast("en-us", Corpus.stream(en, 30, 5, LEAD_SECONDS, GAP_SECONDS));
        fast("en-us-digits", Corpus.stream(digits, 30, 5, LEAD_SECONDS, GAP_SECONDS));
        realtime("en-us", List.of(Corpus.stream(en, 35, 2, LEAD_SECONDS, GAP_SECONDS)));

        // 1. Real-time factor of one stream sent as fast as the server reads.
        print("### 1. Real-time factor of one stream (frames sent as fast as the server reads them)");
        print("");
        print("48 kHz f32 mono, 10 ms frames (1,928 bytes with the sequence header), protocol v2; "
                + rtfClips + " utterances of synthetic speech, each followed by " + GAP_SECONDS + " s of silence.");
        print("");
        List<String> werNotes = new ArrayList<>();
        print("| model | audio (s) | wall (s) | real-time factor | server CPU s per audio s | finals | WER |");
        print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
        for (String model : List.of("en-us", "en-us-digits")) {
            List<Corpus.Clip> clips = model.equals("en-us") ? en : digits;
            Corpus.Stream s = Corpus.stream(clips, 0, rtfClips, LEAD_SECONDS, GAP_SECONDS);
            Fast f = fast(model, s);
            print(String.format(Locale.ROOT, "| %s | %.1f | %.2f | %.3f | %.3f | %d | %.1f %% |", model, s.seconds(), f.wall,
                    f.wall / s.seconds(), f.cpu / s.seconds(), f.finals, 100 * f.wer));
            werNotes.add(model + ": " + f.werByVoice);
        }
        print("");
        print("WER by voice (a sanity check of the audio path, not an accuracy benchmark): " + String.join("; ", werNotes) + ".");
        print("");

        // 2. Concurrent real-time streams.
        print("### 2. Concurrent real-time streams (en-us)");
        print("");
        print("Each stream: " + realtimeClips + " utterances (different voices and sentences per stream), 10 ms frames every 10 ms on "
                + "its own schedule (stream i offset by i/N x 10 ms). Latency = end of speech (its last sample's frame sent) "
                + "-> its `final` arrived. Drain = `stop` sent after the last frame -> `stopped` arrived. CPU = share of all "
                + cores + " cores over the streaming phase. Start -> ready: all N sessions started at once, the slowest one.");
        print("");
        print("| N | utterances | finals missing | latency p50 (s) | p95 (s) | max (s) | server delay p95 (s) | drain max (s) "
                + "| send lag max (ms) | server CPU | server cores per stream | harness CPU | other CPU | WER | start -> ready max (s) |");
        print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        int best = 0;
        boolean allOk = true;
        int largestTested = 0;
        double coresPerStream = Double.NaN;
        String stoppedWhy = null;
        for (int n : ns) {
            if (System.nanoTime() > runDeadline - TimeUnit.SECONDS.toNanos(60)) {
                stoppedWhy = "the run's time limit was near";
                break;
            }
            List<Corpus.Stream> streams = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                streams.add(Corpus.stream(en, i * 7, realtimeClips, LEAD_SECONDS, GAP_SECONDS));
            }
            progress("realtime en-us, N=" + n);
            Realtime r = realtime("en-us", streams);
            print(r.row(n));
            if (n == 1) {
                coresPerStream = r.serverCpu * cores;
            }
            largestTested = n;
            boolean ok = r.missing == 0 && r.p95 <= bound;
            allOk &= ok;
            if (allOk) {
                best = n;
            }
            if (r.missing > r.utterances / 10 || r.p95 > 2 * bound || r.drainMax > 5) {
                stoppedWhy = "N=" + n + " was clearly overloaded (p95 > " + 2 * bound + " s, >10 % finals missing, or drain > 5 s)";
                break;
            }
        }
        print("");
        if (stoppedWhy != null) {
            print("Stopped the sweep early: " + stoppedWhy + ".");
            print("");
        }
        print(String.format(Locale.ROOT, "**Real-time streams per core: %s%.1f** (rule: the largest N whose p95 end-of-speech -> final "
                + "latency is at most %.1f s with no final missing, for it and every smaller N tested: %d; divided by %d cores%s).", best == largestTested ? "at least " : "", (double) best / cores, bound, best,
                cores, best == largestTested ? "; the largest N tested still met the bound, so the real limit is higher" : ""));
        print("");
        if (!Double.isNaN(coresPerStream)) {
            print(String.format(Locale.ROOT, "CPU-bound ceiling if the server had the cores to itself: %.1f streams per core "
                    + "(1 / %.3f server cores per real-time stream at N=1); reached only without other load and without bursts.",
                    1 / coresPerStream, coresPerStream));
            print("");
        }

        // 3. End of speech -> final, one real-time stream per model.
        print("### 3. End of speech -> final result (one real-time stream)");
        print("");
        print("Endpoint wait = end of speech -> the frame whose processing produced the final was sent (pocketsphinx's voice "
                + "activity detector waits for ~0.5 s of silence). Server delay = that frame sent -> `final` arrived "
                + "(decoding, the end-of-utterance search passes, JSON, loopback).");
        print("");
        print("| model | utterances | latency p50 (s) | p95 (s) | max (s) | endpoint wait p50 (s) | server delay p50 (s) | p95 (s) | start -> ready (s) |");
        print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        for (String model : List.of("en-us", "en-us-digits")) {
            if (System.nanoTime() > runDeadline - TimeUnit.SECONDS.toNanos(70)) {
                print("| " + model + " | (skipped: the run's time limit was near) | | | | | | | |");
                continue;
            }
            progress("realtime " + model + ", N=1, " + latencyClips + " utterances");
            Realtime r = realtime(model, List.of(Corpus.stream(model.equals("en-us") ? en : digits, 3, latencyClips, LEAD_SECONDS,
                    GAP_SECONDS)));
            print(r.latencyRow(model));
        }
        print("");
    }

    // ---- fast (unpaced) single stream ------------------------------------------------------------------------------

    record Fast(double wall, double cpu, int finals, double wer, String werByVoice) {
    }

    private Fast fast(String model, Corpus.Stream s) throws Exception {
        StreamClient c = new StreamClient(http, v2, model, s, false, 0);
        WebSocket ws = c.open();
        try {
            long cpu0 = ProcCpu.processTicks(pid);
            long t0 = System.nanoTime();
            c.stream(ws, t0, Math.min(runDeadline, t0 + (long) (s.seconds() * 3e9) + TimeUnit.SECONDS.toNanos(30)));
            long cpu1 = ProcCpu.processTicks(pid);
            if (!c.errors.isEmpty()) {
                throw new IllegalStateException("server errors: " + c.errors);
            }
            double wall = (c.stoppedAt - c.firstSend) / 1e9;
            return new Fast(wall, (double) (cpu1 - cpu0) / clkTck, c.finals.size(), Wer.of(s.reference(), Match.hypothesis(c.finals)),
                    Wer.byVoice(s, c.finals));
        } finally {
            c.close(ws);
        }
    }

    // ---- real-time streams -----------------------------------------------------------------------------------------

    final class Realtime {
        int utterances;
        int missing;
        int flushed;
        double p50, p95, max;
        double waitP50;
        double delayP50, delayP95;
        double drainMax;
        double lagMax;
        double serverCpu, harnessCpu, otherCpu;
        double wer;
        double readyMax;

        String row(int n) {
            return String.format(Locale.ROOT, "| %d | %d | %d | %.2f | %.2f | %.2f | %.2f | %.3f | %.0f | %.0f %% | %.3f | %.0f %% | %.0f %% | %.1f %% | %.2f |",
                    n, utterances, missing, p50, p95, max, delayP95, drainMax, lagMax, 100 * serverCpu, serverCpu * cores / n, 100 * harnessCpu,
                    100 * otherCpu, 100 * wer, readyMax);
        }

        String latencyRow(String model) {
            return String.format(Locale.ROOT, "| %s | %d | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f |", model, utterances, p50, p95,
                    max, waitP50, delayP50, delayP95, readyMax);
        }
    }

    private Realtime realtime(String model, List<Corpus.Stream> streams) throws Exception {
        int n = streams.size();
        List<StreamClient> clients = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            clients.add(new StreamClient(http, v2, model, streams.get(i), true, i * StreamClient.FRAME_NANOS / n));
        }
        ExecutorService pool = Executors.newFixedThreadPool(n, r -> {
            Thread t = new Thread(r, "bench-stream");
            t.setDaemon(true);
            return t;
        });
        List<WebSocket> sockets = new ArrayList<>();
        try {
            List<Future<WebSocket>> opening = new ArrayList<>();
            for (StreamClient c : clients) {
                opening.add(pool.submit(c::open));
            }
            for (Future<WebSocket> f : opening) {
                sockets.add(f.get(90, TimeUnit.SECONDS));
            }
            double longest = streams.stream().mapToDouble(Corpus.Stream::seconds).max().orElse(0);
            long t0 = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(200);
            long deadline = Math.min(runDeadline, t0 + (long) (longest * 1e9) + TimeUnit.SECONDS.toNanos(60));
            ProcCpu.Sample before = ProcCpu.sample(pid);
            List<Future<?>> running = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                StreamClient c = clients.get(i);
                WebSocket ws = sockets.get(i);
                running.add(pool.submit(() -> {
                    c.stream(ws, t0, deadline);
                    return null;
                }));
            }
            for (Future<?> f : running) {
                f.get(Math.max(1, deadline - System.nanoTime()) + TimeUnit.SECONDS.toNanos(5), TimeUnit.NANOSECONDS);
            }
            ProcCpu.Sample after = ProcCpu.sample(pid);
            for (StreamClient c : clients) {
                if (!c.errors.isEmpty()) {
                    throw new IllegalStateException("server errors: " + c.errors);
                }
            }
            return summarize(clients, before, after);
        } finally {
            for (int i = 0; i < sockets.size(); i++) {
                clients.get(i).close(sockets.get(i));
            }
            pool.shutdownNow();
            pool.awaitTermination(10, TimeUnit.SECONDS);
        }
    }

    private Realtime summarize(List<StreamClient> clients, ProcCpu.Sample before, ProcCpu.Sample after) {
        Realtime r = new Realtime();
        List<Double> latency = new ArrayList<>();
        List<Double> wait = new ArrayList<>();
        List<Double> delay = new ArrayList<>();
        double werSum = 0;
        for (StreamClient c : clients) {
            Corpus.Stream s = c.audio();
            int lastFrame = c.sentAt.length - 1;
            List<StreamClient.Final> byUtterance = Match.lastFinalPerUtterance(s, c.finals);
            for (int u = 0; u < s.utterances().size(); u++) {
                r.utterances++;
                StreamClient.Final f = byUtterance.get(u);
                if (f == null) {
                    r.missing++;
                    continue;
                }
                long speechEndSent = c.sentAt[StreamClient.frameOf(s.utterances().get(u).speechEnd() - 1)];
                latency.add((f.arrived() - speechEndSent) / 1e9);
                int produced = (int) Math.min(lastFrame, Math.max(0, f.ackSeq()));
                if (f.ackSeq() >= lastFrame) {
                    r.flushed++;
                }
                wait.add((c.sentAt[produced] - speechEndSent) / 1e9);
                delay.add((f.arrived() - c.sentAt[produced]) / 1e9);
            }
            r.drainMax = Math.max(r.drainMax, (c.stoppedAt - c.stopSent) / 1e9);
            r.lagMax = Math.max(r.lagMax, c.maxLagNanos / 1e6);
            r.readyMax = Math.max(r.readyMax, c.readyNanos / 1e9);
            werSum += Wer.of(s.reference(), Match.hypothesis(c.finals));
        }
        r.wer = werSum / clients.size();
        r.p50 = Stats.percentile(latency, 50);
        r.p95 = Stats.percentile(latency, 95);
        r.max = Stats.percentile(latency, 100);
        r.waitP50 = Stats.percentile(wait, 50);
        r.delayP50 = Stats.percentile(delay, 50);
        r.delayP95 = Stats.percentile(delay, 95);
        double wallTicks = (after.nanos() - before.nanos()) / 1e9 * clkTck * cores;
        r.serverCpu = (after.process() - before.process()) / wallTicks;
        r.harnessCpu = (after.self() - before.self()) / wallTicks;
        double machine = (after.machine().busy() - before.machine().busy()) / wallTicks;
        r.otherCpu = Math.max(0, machine - r.serverCpu - r.harnessCpu);
        if (r.flushed > 0) {
            progress(r.flushed + " final(s) came only with stop (no endpoint before the stream ended)");
        }
        return r;
    }

    // ---- helpers ---------------------------------------------------------------------------------------------------

    /** Assigns finals to the utterances they transcribe, by their times in the session. */
    static final class Match {
        static List<StreamClient.Final> lastFinalPerUtterance(Corpus.Stream s, List<StreamClient.Final> finals) {
            List<StreamClient.Final> out = new ArrayList<>();
            for (List<StreamClient.Final> fs : finalsPerUtterance(s, finals)) {
                out.add(fs.stream().max((x, y) -> Long.compare(x.arrived(), y.arrived())).orElse(null));
            }
            return out;
        }

        static List<List<StreamClient.Final>> finalsPerUtterance(Corpus.Stream s, List<StreamClient.Final> finals) {
            List<List<StreamClient.Final>> out = new ArrayList<>();
            for (int u = 0; u < s.utterances().size(); u++) {
                out.add(new ArrayList<>());
            }
            List<StreamClient.Final> copy;
            synchronized (finals) {
                copy = new ArrayList<>(finals);
            }
            for (StreamClient.Final f : copy) {
                int best = -1;
                double bestScore = Double.NEGATIVE_INFINITY;
                for (int u = 0; u < s.utterances().size(); u++) {
                    Corpus.Utterance ut = s.utterances().get(u);
                    double a = (double) ut.speechStart() / Corpus.RATE;
                    double b = (double) ut.speechEnd() / Corpus.RATE;
                    double overlap = Math.min(b, f.end()) - Math.max(a, f.start()); // negative: distance apart
                    if (overlap > bestScore) {
                        bestScore = overlap;
                        best = u;
                    }
                }
                if (best >= 0) {
                    out.get(best).add(f);
                }
            }
            return out;
        }

        static String hypothesis(List<StreamClient.Final> finals) {
            synchronized (finals) {
                return String.join(" ", finals.stream().sorted((x, y) -> Double.compare(x.start(), y.start()))
                        .map(StreamClient.Final::text).toList());
            }
        }
    }

    /** Word error rate: word-level edit distance / reference words. */
    static final class Wer {
        /** WER per voice, e.g. "flite:slt 10 %, ..." (finals assigned to utterances by time). */
        static String byVoice(Corpus.Stream s, List<StreamClient.Final> finals) {
            java.util.Map<String, int[]> errorsAndWords = new java.util.TreeMap<>();
            List<List<StreamClient.Final>> per = Match.finalsPerUtterance(s, finals);
            for (int u = 0; u < s.utterances().size(); u++) {
                Corpus.Utterance ut = s.utterances().get(u);
                String hyp = Match.hypothesis(per.get(u));
                int words = words(ut.text()).length;
                int[] acc = errorsAndWords.computeIfAbsent(ut.voice(), k -> new int[2]);
                acc[0] += (int) Math.round(of(ut.text(), hyp) * words);
                acc[1] += words;
            }
            List<String> parts = new ArrayList<>();
            errorsAndWords.forEach((voice, acc) -> parts.add(String.format(Locale.ROOT, "%s %.0f %%", voice, 100.0 * acc[0] / acc[1])));
            return String.join(", ", parts);
        }

        static double of(String reference, String hypothesis) {
            String[] r = words(reference);
            String[] h = words(hypothesis);
            int[] prev = new int[h.length + 1];
            int[] cur = new int[h.length + 1];
            for (int j = 0; j <= h.length; j++) {
                prev[j] = j;
            }
            for (int i = 1; i <= r.length; i++) {
                cur[0] = i;
                for (int j = 1; j <= h.length; j++) {
                    int sub = prev[j - 1] + (r[i - 1].equals(h[j - 1]) ? 0 : 1);
                    cur[j] = Math.min(sub, Math.min(prev[j] + 1, cur[j - 1] + 1));
                }
                int[] t = prev;
                prev = cur;
                cur = t;
            }
            return r.length == 0 ? 0 : (double) prev[h.length] / r.length;
        }

        private static String[] words(String s) {
            String t = s.toLowerCase(Locale.ROOT).replaceAll("\\([0-9]+\\)", " ").replaceAll("[^a-z' ]", " ").trim();
            return t.isEmpty() ? new String[0] : t.split("\\s+");
        }
    }
}
