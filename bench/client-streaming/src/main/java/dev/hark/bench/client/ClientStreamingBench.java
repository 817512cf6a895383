package dev.hark.bench.client;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.hark.audio.FileSource;
import dev.hark.bench.common.Loopback;
import dev.hark.bench.common.ProcCpu;
import dev.hark.bench.common.Report;
import dev.hark.bench.common.Stats;
import dev.hark.core.Bus;
import dev.hark.core.ConnectionState;
import dev.hark.core.HarkTopics;
import dev.hark.core.StreamStateChanged;
import dev.hark.core.audio.AudioFiles;
import dev.hark.core.audio.AudioPipe;
import dev.hark.core.transcript.Segment;
import dev.hark.session.TranscriptionSession;
import dev.hark.transport.ClientSettings;
import dev.hark.transport.ReconnectPolicy;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The client streaming benchmark: drives Hark's own client stack ({@link TranscriptionSession} = {@link FileSource}
 * -> AudioPipe -> StreamingClient, exactly what `hark transcribe` and the Live view use) against a real Hark server
 * and against {@link AckServer}, on 127.0.0.1, and prints Markdown tables. Run by bench/client-streaming.sh, which
 * starts and stops both servers.
 *
 * <pre>
 * java -cp ... dev.hark.bench.client.ClientStreamingBench --server http://127.0.0.1:P --server-pid PID
 *      --ack http://127.0.0.1:Q --ack-pid PID2 --wav speech.wav [--out results.md] [--ns 1,4,8] [--reps 2] [--smoke]
 * </pre>
 */
@Command(name = "client-streaming-bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Drives Hark's client stack against a real Hark server and an ack-only server on 127.0.0.1.")
public final class ClientStreamingBench implements Callable<Integer> {

    /** What Hark's client sends at (TranscribeApplication.SEND_RATE, LiveTranscriptionService.SEND_RATE). */
    static final int SEND_RATE = 16_000;
    static final long RUN_LIMIT_NANOS = TimeUnit.MINUTES.toNanos(9);

    @Option(names = "--server", required = true, paramLabel = "URL", description = "the Hark server, http://127.0.0.1:PORT")
    String serverUrl;
    @Option(names = "--server-pid", required = true, paramLabel = "PID", description = "its process, for its CPU time")
    long serverPid;
    @Option(names = "--ack", required = true, paramLabel = "URL", description = "the ack-only server, http://127.0.0.1:PORT")
    String ackUrl;
    @Option(names = "--ack-pid", required = true, paramLabel = "PID", description = "its process")
    long ackPid;
    @Option(names = "--wav", required = true, paramLabel = "FILE", description = "the speech to replay")
    Path wav;
    @Option(names = "--out", paramLabel = "FILE", description = "also write the tables there")
    Path out;
    @Option(names = "--ns", split = ",", paramLabel = "N", description = "concurrent real-time sessions (default 1,4,8)")
    int[] ns = { 1, 4, 8 };
    @Option(names = "--reps", paramLabel = "R", description = "runs per throughput row (default ${DEFAULT-VALUE})")
    int reps = 2;
    @Option(names = "--cores", paramLabel = "N", description = "the machine's cores (default: the JVM's count)")
    int cores = Runtime.getRuntime().availableProcessors();
    @Option(names = "--clk-tck", paramLabel = "HZ", description = "getconf CLK_TCK (default ${DEFAULT-VALUE})")
    int clkTck = 100;
    @Option(names = "--smoke", description = "a short run that only shows the harness works: one warm-up, one rep, N=1")
    boolean smoke;

    private URI server;
    private URI ack;
    private double audioSeconds;
    private final Report report = new Report();
    private final com.sun.management.OperatingSystemMXBean os =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private final long deadline = System.nanoTime() + RUN_LIMIT_NANOS;

    public static void main(String[] args) {
        System.exit(new CommandLine(new ClientStreamingBench()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        server = Loopback.uri(serverUrl);
        ack = Loopback.uri(ackUrl);
        audioSeconds = AudioFiles.read(wav).seconds();
        if (smoke) {
            ns = new int[] { 1 };
            reps = 1;
        }
        try {
            run();
        } finally {
            report.save(out);
        }
        return 0;
    }

    private void print(String line) {
        report.print(line);
    }

    private static void progress(String line) {
        Report.progress(line);
    }

    // ------------------------------------------------------------------ one measured run

    /** One stream's record: latencies (ns) of frames, with when each was written, and its outcome. */
    private static final class StreamRecord {
        final long[] latency;
        final long[] writtenAt;
        int frames;
        volatile long readyAt = Long.MAX_VALUE;

        StreamRecord(int capacity) {
            latency = new long[capacity];
            writtenAt = new long[capacity];
        }

        /** Called on the sender thread after each frame was written. */
        void accept(long nanos) {
            long now = System.nanoTime();
            int i = frames;
            if (i < latency.length) {
                latency[i] = nanos;
                writtenAt[i] = now;
                frames = i + 1;
            }
        }
    }

    private record Run(double wall, double firstToLast, double clientCpu, double serverCpu, double machineBusy, int finals,
            long frames, long dropped, long[] steadyLatencies, int startupFrames, long startupMax, Map<String, Long> threadCpu,
            String error) {
    }

    /**
     * Runs {@code n} sessions at once, each replaying the WAV file, and waits for all to end (the server's
     * {@code stopped}). Session objects (and their Jetty clients) are built before the clock starts.
     */
    private Run run(URI target, long pid, ClientSettings.Protocol protocol, String model, boolean realtime, int n) throws Exception {
        List<TranscriptionSession> sessions = new ArrayList<>();
        List<StreamRecord> records = new ArrayList<>();
        int capacity = (int) (audioSeconds / 0.02) + 1_000;
        ThreadSampler sampler = new ThreadSampler();
        try {
            for (int i = 0; i < n; i++) {
                StreamRecord r = new StreamRecord(capacity);
                Bus bus = (topic, payload) -> {
                    if (HarkTopics.STREAM_STATE.equals(topic) && payload instanceof StreamStateChanged c
                            && c.state() == ConnectionState.STREAMING && r.readyAt == Long.MAX_VALUE) {
                        r.readyAt = System.nanoTime();
                    }
                };
                ClientSettings settings = ClientSettings.of(target, model).withProtocol(protocol)
                        .withReconnect(ReconnectPolicy.DEFAULT);
                TranscriptionSession s = new TranscriptionSession(settings, bus);
                s.client().setSendLatencyListener(r::accept);
                sessions.add(s);
                records.add(r);
            }
            System.gc();
            long cpu0 = os.getProcessCpuTime();
            long srv0 = ProcCpu.processTicks(pid);
            ProcCpu.Machine machine0 = ProcCpu.machine();
            long t0 = System.nanoTime();
            sampler.start();
            List<CompletableFuture<?>> done = new ArrayList<>();
            for (TranscriptionSession s : sessions) {
                done.add(s.start(new FileSource(wav, SEND_RATE, realtime)));
            }
            String error = null;
            long limit = TimeUnit.SECONDS.toNanos((long) (realtime ? audioSeconds * 1.5 + 60 : 240));
            for (CompletableFuture<?> f : done) {
                try {
                    f.get(Math.max(1, limit - (System.nanoTime() - t0)), TimeUnit.NANOSECONDS);
                } catch (java.util.concurrent.ExecutionException e) {
                    error = String.valueOf(e.getCause());
                } catch (java.util.concurrent.TimeoutException e) {
                    error = "timed out";
                }
            }
            long t1 = System.nanoTime();
            long cpu1 = os.getProcessCpuTime();
            long srv1 = ProcCpu.processTicks(pid);
            ProcCpu.Machine machine1 = ProcCpu.machine();
            Map<String, Long> threads = sampler.stop();
            threads.put("total (process)", cpu1 - cpu0);

            long first = Long.MAX_VALUE;
            long last = Long.MIN_VALUE;
            int finals = 0;
            long frames = 0;
            long dropped = 0;
            List<Long> steady = new ArrayList<>();
            int startup = 0;
            long startupMax = 0;
            for (int i = 0; i < n; i++) {
                StreamRecord r = records.get(i);
                TranscriptionSession s = sessions.get(i);
                if (r.frames > 0) {
                    first = Math.min(first, r.writtenAt[0]);
                    last = Math.max(last, r.writtenAt[r.frames - 1]);
                }
                frames += r.frames;
                AudioPipe p = s.pipe();
                dropped += p == null ? 0 : p.stats().dropped();
                for (Segment seg : s.transcript().snapshot()) {
                    if (seg.kind() == Segment.Kind.FINAL && !seg.text().isBlank()) {
                        finals++;
                    }
                }
                for (int k = 0; k < r.frames; k++) {
                    long captured = r.writtenAt[k] - r.latency[k];
                    if (captured >= r.readyAt) {
                        steady.add(r.latency[k]);
                    } else {
                        startup++;
                        startupMax = Math.max(startupMax, r.latency[k]);
                    }
                }
            }
            long[] lat = steady.stream().mapToLong(Long::longValue).sorted().toArray();
            double wall = (t1 - t0) / 1e9;
            double busy = machine1.total() - machine0.total() == 0 ? Double.NaN
                    : (double) (machine1.busy() - machine0.busy()) / (machine1.total() - machine0.total());
            return new Run(wall, (last - first) / 1e9, (cpu1 - cpu0) / 1e9, (double) (srv1 - srv0) / clkTck, busy, finals, frames,
                    dropped, lat, startup, startupMax, threads, error);
        } finally {
            for (TranscriptionSession s : sessions) {
                s.close();
            }
        }
    }

    // ------------------------------------------------------------------ the benchmark

    private void run() throws Exception {
        progress(String.format(Locale.ROOT, "audio: %s, %.1f s", wav.getFileName(), audioSeconds));
        print(String.format(Locale.ROOT, "Audio: `%s`, %.1f s of synthetic speech with pauses, replayed by `FileSource` at %d Hz "
                + "(20 ms chunks, f32 on the wire: 1,280 bytes of PCM per frame).", wav.getFileName(), audioSeconds, SEND_RATE));
        print("");

        progress("warm-up (client JIT, both models loaded on the server; not reported)");
        for (int k = 0; k < (smoke ? 1 : 3); k++) {
            run(ack, ackPid, ClientSettings.Protocol.V2, "none", false, 1);
        }
        run(server, serverPid, ClientSettings.Protocol.V2, "en-us-digits", false, 1);
        run(server, serverPid, ClientSettings.Protocol.V2, "en-us", false, 1);

        // 1. file-replay throughput
        print("### 1. File-replay throughput (`FileSource` realtime=false, one session)");
        print("");
        print("*end to end* = audio seconds / wall seconds from `TranscriptionSession.start` (connect, hello, model ready) "
                + "to the server's `stopped`; *send rate* = audio seconds / wall seconds from the first to the last frame "
                + "written. Best of " + reps + " runs for the real server (median in brackets), best of " + (2 * reps + 1)
                + " for the ack-only server. CPU = seconds per second of audio.");
        print("");
        print("| server | protocol | model | wall (s) | end to end (audio s / s) | send rate (audio s / s) | client CPU s per audio s "
                + "| server CPU s per audio s | finals |");
        print("| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |");
        for (ClientSettings.Protocol p : List.of(ClientSettings.Protocol.V2, ClientSettings.Protocol.V1)) {
            for (String model : List.of("en-us", "en-us-digits")) {
                progress("throughput: real server, " + p + ", " + model);
                throughputRow("Hark (pocketsphinx)", server, serverPid, p, model, reps);
            }
        }
        progress("throughput: ack-only server");
        throughputRow("ack-only", ack, ackPid, ClientSettings.Protocol.V2, "none", 2 * reps + 1);
        print("");

        // 2. latency, one realtime stream
        print("### 2. Added client latency, capture -> written (`FileSource` realtime=true, 20 ms chunks)");
        print("");
        print("Per frame: `AudioPipe.Chunk.capturedAt` (set by `FileSource` when it hands the chunk to the pipe, as "
                + "`MicrophoneSource` does after a read) -> the frame's bytes written by Jetty (the send callback completed and the "
                + "sender thread resumed; `StreamingClient.setSendLatencyListener`). Frames captured before the session was "
                + "ready (connect, hello, model load) are left out and counted as *start-up backlog*.");
        print("");
        print("| server | protocol | streams | frames | p50 (ms) | p99 (ms) | p99.9 (ms) | max (ms) | start-up backlog frames "
                + "| backlog max (ms) | dropped |");
        print("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        progress("latency: real server, v2, en-us, realtime (" + Math.round(audioSeconds) + " s)");
        Run real = run(server, serverPid, ClientSettings.Protocol.V2, "en-us", true, 1);
        print(latencyRow("Hark (pocketsphinx), en-us", "v2", 1, real));
        List<String> later = new ArrayList<>();

        // 3. CPU per realtime stream (ack-only server); also gives the ack-only latency rows
        List<String> cpuRows = new ArrayList<>();
        List<String> threadRows = new ArrayList<>();
        for (int n : ns) {
            if (System.nanoTime() + TimeUnit.SECONDS.toNanos((long) audioSeconds + 30) > deadline) {
                later.add("Stopped before N=" + n + ": the run's time limit was near.");
                break;
            }
            progress("realtime: ack-only server, N=" + n + " (" + Math.round(audioSeconds) + " s)");
            Run r = run(ack, ackPid, ClientSettings.Protocol.V2, "none", true, n);
            later.add(latencyRow("ack-only", "v2", n, r));
            double perStream = r.clientCpu / r.wall / n;
            cpuRows.add(String.format(Locale.ROOT, "| %d | %.1f | %.2f | %.1f %% | **%.2f %%** | %.1f %% | %.1f %% | %d |%s", n, r.wall,
                    r.clientCpu, 100 * r.clientCpu / r.wall, 100 * perStream, 100 * r.serverCpu / r.wall,
                    100 * r.machineBusy * cores, r.dropped, r.error == null ? "" : " error: " + r.error + " |"));
            threadRows.add(threadRow(n, r));
        }
        for (String l : later) {
            print(l);
        }
        print("");
        print("### 3. Client CPU per real-time stream (ack-only server, v2)");
        print("");
        print("N sessions in one client JVM (each its own `TranscriptionSession`, hence its own Jetty `WebSocketClient`), "
                + "started together, each replaying the file at real time. Client CPU = the JVM's process CPU time "
                + "(`OperatingSystemMXBean.getProcessCpuTime`) from the first `start` to the last `stopped`; "
                + "% are of one core. Machine busy = all processes, from `/proc/stat`, in % of one core (" + cores
                + " cores = " + 100 * cores + " %).");
        print("");
        print("| N | wall (s) | client CPU (s) | client CPU (% of a core) | per real-time stream | ack server CPU | machine busy | dropped |");
        print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        for (String row : cpuRows) {
            print(row);
        }
        print("");
        print("Where the client's CPU went (ms of CPU per second of wall time, per stream; threads sampled every 0.5 s, "
                + "so up to 0.5 s of an ending thread is missed and counted in *rest*: GC, JIT, and that):");
        print("");
        print("| N | capture (FileSource) | sender (pipe -> frames) | Jetty (hark-ws-client) | timer | rest of the JVM | total |");
        print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        for (String row : threadRows) {
            print(row);
        }
        print("");
    }

    private void throughputRow(String name, URI target, long pid, ClientSettings.Protocol p, String model, int r) throws Exception {
        List<Run> runs = new ArrayList<>();
        for (int k = 0; k < r; k++) {
            runs.add(run(target, pid, p, model, false, 1));
        }
        Run best = runs.stream().min((a, b) -> Double.compare(a.wall, b.wall)).orElseThrow();
        double[] walls = runs.stream().mapToDouble(Run::wall).sorted().toArray();
        double[] sends = runs.stream().mapToDouble(Run::firstToLast).sorted().toArray();
        double medWall = walls[walls.length / 2];
        double medSend = sends[sends.length / 2];
        double bestSend = sends[0];
        String err = runs.stream().map(Run::error).filter(e -> e != null).findFirst().orElse(null);
        print(String.format(Locale.ROOT, "| %s | %s | %s | %.2f | %.0f (%.0f) | %.0f (%.0f) | %.4f | %s | %d |%s", name,
                p.name().toLowerCase(Locale.ROOT), model.equals("none") ? "-" : model, best.wall, audioSeconds / best.wall,
                audioSeconds / medWall, audioSeconds / bestSend, audioSeconds / medSend, best.clientCpu / audioSeconds,
                String.format(Locale.ROOT, "%.4f", best.serverCpu / audioSeconds), best.finals,
                err == null ? "" : " error: " + err + " |"));
    }

    private String latencyRow(String name, String protocol, int n, Run r) {
        long[] l = r.steadyLatencies;
        return String.format(Locale.ROOT, "| %s | %s | %d | %d | %.3f | %.3f | %.3f | %.3f | %d | %.0f | %d |%s", name, protocol, n,
                l.length, ms(Stats.percentileOfSorted(l, 50)), ms(Stats.percentileOfSorted(l, 99)), ms(Stats.percentileOfSorted(l, 99.9)), ms(l.length == 0 ? 0 : l[l.length - 1]),
                r.startupFrames, ms(r.startupMax), r.dropped, r.error == null ? "" : " error: " + r.error + " |");
    }

    private String threadRow(int n, Run r) {
        Map<String, Long> t = r.threadCpu;
        long capture = t.getOrDefault("hark-audio-capture", 0L);
        long sender = t.getOrDefault("hark-transport-sender", 0L);
        long jetty = t.getOrDefault("hark-ws-client", 0L);
        long timer = t.getOrDefault("hark-transport-timer", 0L);
        long total = t.getOrDefault("total (process)", 0L);
        long rest = total - capture - sender - jetty - timer;
        double f = 1e6 * r.wall * n; // ns -> ms per wall second per stream
        return String.format(Locale.ROOT, "| %d | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f |", n, capture / f, sender / f, jetty / f,
                timer / f, rest / f, total / f);
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }

    /** Samples every thread's CPU time twice a second and sums the last value per thread, grouped by name prefix. */
    private static final class ThreadSampler {
        private final ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        private final Map<Long, Long> base = new HashMap<>();
        private final Map<Long, Long> last = new HashMap<>();
        private final Map<Long, String> names = new HashMap<>();
        private Thread thread;
        private volatile boolean running;

        void start() {
            sample(true);
            running = true;
            thread = new Thread(() -> {
                while (running) {
                    try {
                        Thread.sleep(500);
                    } catch (InterruptedException e) {
                        return;
                    }
                    sample(false);
                }
            }, "bench-thread-sampler");
            thread.setDaemon(true);
            thread.start();
        }

        synchronized void sample(boolean first) {
            for (long id : mx.getAllThreadIds()) {
                long cpu = mx.getThreadCpuTime(id);
                if (cpu < 0) {
                    continue;
                }
                if (!names.containsKey(id)) {
                    var info = mx.getThreadInfo(id);
                    names.put(id, info == null ? "?" : info.getThreadName());
                    if (first) {
                        base.put(id, cpu);
                    }
                }
                last.put(id, cpu);
            }
        }

        Map<String, Long> stop() throws InterruptedException {
            running = false;
            thread.interrupt();
            thread.join();
            sample(false);
            Map<String, Long> groups = new LinkedHashMap<>();
            synchronized (this) {
                for (var e : last.entrySet()) {
                    String name = names.get(e.getKey());
                    String group = name.startsWith("hark-ws-client") ? "hark-ws-client" : name.replaceAll("-\\d+$", "");
                    groups.merge(group, e.getValue() - base.getOrDefault(e.getKey(), 0L), Long::sum);
                }
            }
            return groups;
        }
    }
}
