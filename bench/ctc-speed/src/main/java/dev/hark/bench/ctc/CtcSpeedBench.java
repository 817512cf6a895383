package dev.hark.bench.ctc;

import java.io.BufferedReader;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import dev.hark.bench.common.Report;
import dev.hark.core.audio.AudioFiles;
import dev.hark.core.eval.ErrorRate;
import dev.hark.engine.ctc.model.AcousticModel;
import dev.hark.engine.ctc.model.Checkpoint;
import dev.hark.engine.ctc.model.GreedyDecoder;
import dev.hark.engine.ctc.model.LogMel;
import dev.hark.engine.ctc.model.ModelConfig;
import dev.hark.engine.ctc.model.Vocabulary;
import dev.hark.training.data.SyntheticGenerator;
import dev.hark.training.data.SyntheticTexts;
import dev.hark.training.dataset.DatasetEntry;
import dev.hark.training.dataset.DatasetReader;
import dev.hark.training.dataset.ValidationSplit;
import dev.hark.training.run.RunSpec;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Trains the same {@code ctc} model on the same generated digits, split, features, batch size, learning-rate schedule
 * and thread count twice: with Hark's training worker (DJL on PyTorch, a child JVM started exactly as the server
 * starts it) and with PyTorch from Python ({@code ctc_pytorch.py}, fed the features Hark's own {@link LogMel}
 * computed). Prints one Markdown table: audio seconds per process-CPU second of the training steps, step time
 * p50/p99, validation CER/WER, and held-out WER per voice family.
 */
@Command(name = "ctc-speed-bench", mixinStandardHelpOptions = true)
public final class CtcSpeedBench implements Callable<Integer> {

    @Option(names = "--work", description = "work folder (data, features, checkpoints)", defaultValue = "bench/ctc-speed/target/work")
    Path work;
    @Option(names = "--clips", defaultValue = "500")
    int clips;
    @Option(names = "--epochs", defaultValue = "8")
    int epochs;
    @Option(names = "--batch", defaultValue = "8")
    int batch;
    @Option(names = "--lr", defaultValue = "0.003")
    double lr;
    @Option(names = "--validation", defaultValue = "0.1")
    double validation;
    @Option(names = "--seed", defaultValue = "42")
    long seed;
    @Option(names = "--python", description = "the venv's python with torch", required = true)
    Path python;
    @Option(names = "--script", defaultValue = "bench/ctc-speed/src/main/python/ctc_pytorch.py")
    Path script;
    @Option(names = "--djl-cache", description = "DJL_CACHE_DIR of the worker", required = true)
    Path djlCache;
    @Option(names = "--jfr", description = "record the Hark worker with Java Flight Recorder into this file")
    Path jfr;
    @Option(names = "--hark-only", description = "train with Hark only (e.g. a longer run for held-out WER)")
    boolean harkOnly;
    @Option(names = "--smoke", description = "a short run that only shows the benchmark works")
    boolean smoke;
    @Option(names = "--texts", defaultValue = "digits", description = "what the generated clips say: digits, commands or sentences",
            converter = TextsConverter.class)
    SyntheticTexts texts;
    @Option(names = "--ljspeech", description = "train on the clips laid out as LJSpeech is (metadata.csv and wavs/: no speakers, so "
            + "the validation clips are held-out utterances of the same voices)")
    boolean ljspeech;
    @Option(names = "--rounds", defaultValue = "3", description = "train this many times with each, alternating (Hark, PyTorch, "
            + "Hark, ...); the table gives the medians: the machine's speed drifts by 10 % and more between runs")
    int rounds;

    public static void main(String[] args) {
        System.exit(new CommandLine(new CtcSpeedBench()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        if (rounds < 1) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--rounds must be at least 1, got " + rounds);
        }
        if (smoke) {
            rounds = 1;
            clips = Math.min(clips, 120);
            epochs = Math.min(epochs, 2);
        }
        Files.createDirectories(work);
        Path data = work.resolve(texts.id() + "-" + clips);
        if (!Files.isDirectory(data)) {
            Report.progress("generating " + clips + " " + texts.id() + " clips (espeak-ng and flite) into " + data);
            SyntheticGenerator.Result r = SyntheticGenerator.generate(data,
                    new SyntheticGenerator.Options(texts, clips, seed, List.of(), 2), n -> {
                    });
            Report.progress(r.clips() + " clips, " + r.failed() + " failed");
        }
        if (ljspeech) {
            data = asLjSpeech(data, work.resolve(texts.id() + "-" + clips + "-ljspeech"));
        }
        List<DatasetEntry> entries = DatasetReader.read(data).entries();
        ValidationSplit split = ValidationSplit.of(entries, validation, 0, seed);
        Report.progress(split.train().size() + " training and " + split.validation().size() + " validation clips; held out: "
                + split.heldOut());
        Path features = work.resolve("features.bin");
        Exported exported = export(split, features);

        List<Result> harks = new ArrayList<>(), torches = new ArrayList<>();
        for (int round = 1; round <= rounds; round++) {
            Report.progress("round " + round + " of " + rounds);
            harks.add(runHark(data));
            if (!harkOnly) {
                torches.add(runPyTorch(features));
            }
        }
        Result hark = Result.median(harks);
        hark = hark.withFamilies(familyWer(exported, harks.get(harks.size() - 1).checkpoint));
        Result torch = harkOnly ? Result.NONE : Result.median(torches);

        Report report = new Report();
        report.print("");
        report.print(String.format(Locale.ROOT, "%d generated " + texts.id() + " clips" + (ljspeech ? " in LJSpeech's layout" : "")
                + " (%d training, %d validation: %s), "
                + "batch %d, %d epochs, lr %.4f, 1 intra-op thread each, %.1f s of training audio per epoch; medians of %d rounds",
                entries.size(), split.train().size(), split.validation().size(),
                split.heldOut().isEmpty() ? "held-out utterances of the training voices" : "held-out voices " + String.join(", ", split.heldOut()), batch, epochs, lr,
                exported.trainSeconds, rounds));
        report.print("");
        report.print("| measure | Hark (DJL) | PyTorch | Hark / PyTorch |");
        report.print("| --- | --- | --- | --- |");
        row(report, "audio s per CPU s (training steps)", hark.audioPerCpu, torch.audioPerCpu, "%.1f");
        row(report, "audio s per wall s (training steps)", hark.audioPerWall, torch.audioPerWall, "%.1f");
        row(report, "step time p50 (ms)", hark.p50, torch.p50, "%.2f");
        row(report, "step time p99 (ms)", hark.p99, torch.p99, "%.2f");
        report.print(String.format(Locale.ROOT, "| step p99 / p50 | %.2f | %.2f | |", hark.p99 / hark.p50, torch.p99 / torch.p50));
        row(report, "after the first epoch: step time p50 (ms)", hark.steadyP50, torch.steadyP50, "%.2f");
        row(report, "after the first epoch: step time p99 (ms)", hark.steadyP99, torch.steadyP99, "%.2f");
        report.print(String.format(Locale.ROOT, "| after the first epoch: step p99 / p50 | %.2f | %.2f | |", hark.steadyP99 / hark.steadyP50,
                torch.steadyP99 / torch.steadyP50));
        report.print(String.format(Locale.ROOT, "| after the first epoch: p99 of step / median of the 101 steps around it (the machine's drift left out) | %.2f | %.2f | |",
                hark.localSpread, torch.localSpread));
        report.print(String.format(Locale.ROOT, "| share of the CPU time on the JVM's own threads (JIT compilers, collector) | %.2f | | |",
                hark.jvmShare));
        row(report, "validation CER (Hark: as the server decodes finals)", hark.cer, torch.cer, "%.3f");
        row(report, "validation WER (Hark: as the server decodes finals)", hark.wer, torch.wer, "%.3f");
        java.util.Set<String> families = new java.util.TreeSet<>(hark.families.keySet());
        families.addAll(torch.families.keySet());
        for (String family : families) {
            row(report, "held-out WER, " + family, hark.families.getOrDefault(family, Double.NaN), torch.families.getOrDefault(family, Double.NaN),
                    "%.3f");
        }
        if (!harkOnly) {
            StringBuilder perRound = new StringBuilder();
            for (int i = 0; i < rounds; i++) {
                perRound.append(i == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.2f", harks.get(i).audioPerCpu / torches.get(i).audioPerCpu));
            }
            report.print("");
            report.print("Hark / PyTorch audio s per CPU s, round by round: " + perRound);
        }
        report.save(work.resolve("results.md"));
        return 0;
    }

    private static void row(Report r, String name, double hark, double torch, String format) {
        r.print(String.format(Locale.ROOT, "| %s | " + format + " | " + format + " | %.2f |", name, hark, torch, hark / torch));
    }

    static final class TextsConverter implements CommandLine.ITypeConverter<SyntheticTexts> {
        @Override
        public SyntheticTexts convert(String value) {
            return SyntheticTexts.byName(value);
        }
    }

    /** The generated dataset copied into LJSpeech's layout ({@code metadata.csv}: id|text|normalized text; {@code wavs/}). */
    private static Path asLjSpeech(Path generated, Path target) throws IOException {
        if (Files.isRegularFile(target.resolve("metadata.csv"))) {
            return target;
        }
        Files.createDirectories(target.resolve("wavs"));
        StringBuilder metadata = new StringBuilder();
        int n = 0;
        for (DatasetEntry e : DatasetReader.read(generated).entries()) {
            String id = String.format(Locale.ROOT, "HK%05d", ++n);
            Files.copy(e.audio(), target.resolve("wavs").resolve(id + ".wav"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            metadata.append(id).append('|').append(e.text()).append('|').append(e.text()).append('\n');
        }
        Files.writeString(target.resolve("metadata.csv"), metadata);
        Report.progress("copied " + n + " clips into LJSpeech's layout: " + target);
        return target;
    }

    // ------------------------------------------------------------------ the same features for PyTorch

    record Exported(Vocabulary vocabulary, List<Held> validation, double trainSeconds) {
    }

    record Held(String text, String family, float[][] features) {
    }

    /**
     * Writes the split's raw log-mel features, labels, texts and voices (little-endian) for ctc_pytorch.py, with the
     * vocabulary and the normalization computed as Hark's worker computes them.
     */
    private Exported export(ValidationSplit split, Path file) throws Exception {
        LogMel mel = new LogMel();
        List<String> trainTexts = new ArrayList<>();
        for (DatasetEntry e : split.train()) {
            trainTexts.add(Vocabulary.normalize(e.text()));
        }
        Vocabulary vocabulary = Vocabulary.of(trainTexts);
        List<float[][]> train = new ArrayList<>(), val = new ArrayList<>();
        List<Double> trainDurations = new ArrayList<>(), valDurations = new ArrayList<>();
        double trainSeconds = 0;
        for (DatasetEntry e : split.train()) {
            AudioFiles.Mono m = AudioFiles.read(e.audio());
            train.add(mel.compute(m.samples()));
            trainDurations.add(m.seconds());
            trainSeconds += m.seconds();
        }
        List<Held> held = new ArrayList<>();
        for (DatasetEntry e : split.validation()) {
            AudioFiles.Mono m = AudioFiles.read(e.audio());
            float[][] f = mel.compute(m.samples());
            val.add(f);
            valDurations.add(m.seconds());
            held.add(new Held(Vocabulary.normalize(e.text()), family(e.speaker()), f));
        }
        // per-band mean and deviation over (up to 500 of) the training utterances, as TrainingData does
        int bands = LogMel.BANDS;
        double[] sum = new double[bands], sq = new double[bands];
        long n = 0;
        for (float[][] u : train.subList(0, Math.min(500, train.size()))) {
            for (float[] f : u) {
                for (int b = 0; b < bands; b++) {
                    sum[b] += f[b];
                    sq[b] += (double) f[b] * f[b];
                }
                n++;
            }
        }
        try (DataOutputStream out = new DataOutputStream(new java.io.BufferedOutputStream(Files.newOutputStream(file)))) {
            LittleEndian le = new LittleEndian(out);
            le.i(0x48434643); // "HCFC"
            le.i(bands);
            le.i(vocabulary.symbols().size());
            for (String s : vocabulary.symbols()) {
                le.s(s);
            }
            for (int b = 0; b < bands; b++) {
                le.f((float) (sum[b] / n));
            }
            for (int b = 0; b < bands; b++) {
                double m = sum[b] / n;
                le.f((float) Math.sqrt(Math.max(1e-6, sq[b] / n - m * m)));
            }
            le.i(train.size() + val.size());
            for (int pass = 0; pass < 2; pass++) {
                List<DatasetEntry> es = pass == 0 ? split.train() : split.validation();
                List<float[][]> fs = pass == 0 ? train : val;
                for (int i = 0; i < es.size(); i++) {
                    String text = Vocabulary.normalize(es.get(i).text());
                    le.i(pass);
                    le.s(text);
                    le.s(family(es.get(i).speaker()));
                    le.f((float) (double) (pass == 0 ? trainDurations : valDurations).get(i));
                    int[] labels = vocabulary.encode(text);
                    le.i(labels.length);
                    for (int l : labels) {
                        le.i(l);
                    }
                    float[][] f = fs.get(i);
                    le.i(f.length);
                    for (float[] frame : f) {
                        for (float v : frame) {
                            le.f(v);
                        }
                    }
                }
            }
        }
        return new Exported(vocabulary, held, trainSeconds);
    }

    /** The voice family of a speaker: flite's voices one by one, espeak-ng's together. */
    static String family(String speaker) {
        String voice = speaker.contains("@") ? speaker.substring(0, speaker.lastIndexOf('@')) : speaker;
        return voice.startsWith("flite:") ? voice : voice.startsWith("espeak:") ? "espeak-ng" : voice.isEmpty() ? "unknown" : voice;
    }

    private record LittleEndian(DataOutputStream out) {
        void i(int v) throws IOException {
            out.writeInt(Integer.reverseBytes(v));
        }

        void f(float v) throws IOException {
            i(Float.floatToIntBits(v));
        }

        void s(String v) throws IOException {
            byte[] b = v.getBytes(StandardCharsets.UTF_8);
            i(b.length);
            out.write(b);
        }
    }

    // ------------------------------------------------------------------ runs

    record Result(double audioPerCpu, double audioPerWall, double p50, double p99, double steadyP50, double steadyP99, double cer, double wer,
            Map<String, Double> families, Path checkpoint, double jvmShare, double localSpread) {

        static final Result NONE = new Result(Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
                Map.of(), null, Double.NaN, Double.NaN);

        Result withFamilies(Map<String, Double> f) {
            return new Result(audioPerCpu, audioPerWall, p50, p99, steadyP50, steadyP99, cer, wer, f, checkpoint, jvmShare, localSpread);
        }

        /** Each measure's median over the runs (families and checkpoint: the last run's). */
        static Result median(List<Result> runs) {
            Result last = runs.get(runs.size() - 1);
            return new Result(median(runs, Result::audioPerCpu), median(runs, Result::audioPerWall), median(runs, Result::p50),
                    median(runs, Result::p99), median(runs, Result::steadyP50), median(runs, Result::steadyP99), median(runs, Result::cer),
                    median(runs, Result::wer), last.families, last.checkpoint, median(runs, Result::jvmShare), median(runs, Result::localSpread));
        }

        private static double median(List<Result> runs, java.util.function.ToDoubleFunction<Result> measure) {
            double[] v = runs.stream().mapToDouble(measure).sorted().toArray();
            return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
        }
    }

    private static final Pattern SUMMARY = Pattern.compile("training steps: (\\d+) steps, ([\\d.]+) s of audio, ([\\d.]+) CPU s, "
            + "([\\d.]+) wall s; [\\d.]+ audio s per CPU s; step p50 ([\\d.]+) ms, p99 ([\\d.]+) ms"
            + "(?:; after the first epoch p50 ([\\d.]+) ms, p99 ([\\d.]+) ms)?"
            + "(?:; after the first epoch p99 of step / local median ([\\d.]+|NaN))?"
            + "(?:; CPU s by thread: training (-?[\\d.]+), batches (-?[\\d.]+), others (-?[\\d.]+))?");

    private Result runHark(Path data) throws Exception {
        Path checkpoints = work.resolve("hark-checkpoints");
        org.apache.commons.io.FileUtils.deleteDirectory(checkpoints.toFile());
        Files.createDirectories(checkpoints);
        RunSpec spec = new RunSpec("bench", "ctc", texts.id(), data.toAbsolutePath().toString(), checkpoints.toAbsolutePath().toString(), null,
                epochs, batch, lr, -1, 0, validation, seed, 1, 1, null, 2048, 0, false, null); // no run tag: v1's checkpoint names
        Path specFile = work.resolve("spec.json");
        spec.write(specFile);
        // the heap as the server gives its workers by default (WorkerLauncher: -Xmx and -Xms alike, 1 GB)
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1024m",
                "-Xms1024m"));
        if (jfr != null) {
            // every compilation, however short (the profile's threshold is 100 ms): slow_steps.py names those a slow
            // step overlapped
            command.add("-XX:StartFlightRecording=filename=" + jfr.toAbsolutePath()
                    + ",settings=profile,dumponexit=true,jdk.Compilation#threshold=0ms");
        }
        command.addAll(new dev.hark.engine.ctc.internal.CtcTrainerService().jvmOptions()); // as the server starts it
        String extra = System.getenv("HARK_BENCH_WORKER_JVM_OPTIONS"); // for trying options out, e.g. another collector
        if (extra != null && !extra.isBlank()) {
            command.addAll(List.of(extra.trim().split("\\s+")));
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "dev.hark.engine.ctc.train.TrainingWorker", specFile.toString()));
        Report.progress("Hark's worker: " + String.join(" ", command.subList(1, command.indexOf("-cp"))));
        ProcessBuilder pb = new ProcessBuilder(command).redirectError(work.resolve("hark-worker.err").toFile());
        pb.environment().put("DJL_CACHE_DIR", djlCache.toAbsolutePath().toString());
        pb.environment().put("OMP_NUM_THREADS", "1");
        dev.hark.engine.ctc.internal.CtcTrainerService.ENVIRONMENT.forEach(pb.environment()::putIfAbsent); // as the server starts it
        Report.progress("training with Hark's worker (" + epochs + " epochs)");
        Process p = pb.start();
        // the worker's standard input stays open to the end: when it closes, the worker saves and stops
        Matcher summary = null;
        double cer = Double.NaN, wer = Double.NaN;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null;) {
                if (!line.startsWith("@hark ")) {
                    continue;
                }
                JsonObject m = JsonParser.parseString(line.substring(6)).getAsJsonObject();
                String type = m.get("type").getAsString();
                JsonObject payload = m.has("payload") ? m.getAsJsonObject("payload") : m;
                if (type.equals("log") || type.equals("error")) {
                    String message = payload.get("message").getAsString();
                    Report.progress("hark: " + message);
                    Matcher s = SUMMARY.matcher(message);
                    if (s.find()) {
                        summary = s;
                    }
                } else if (type.equals("validation_result")) {
                    cer = payload.get("cer").getAsDouble();
                    wer = payload.get("wer").getAsDouble();
                }
            }
        }
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
        }
        p.getOutputStream().close();
        if (summary == null) {
            throw new IllegalStateException("the Hark worker ended (" + p.exitValue() + ") without its summary: see " + work.resolve("hark-worker.err"));
        }
        double audio = Double.parseDouble(summary.group(2)), cpu = Double.parseDouble(summary.group(3)), wall = Double.parseDouble(summary.group(4));
        Path latest = checkpoints.resolve("ctc-" + texts.id() + "-epoch-" + epochs);
        return new Result(audio / cpu, audio / wall, Double.parseDouble(summary.group(5)), Double.parseDouble(summary.group(6)),
                summary.group(7) == null ? Double.NaN : Double.parseDouble(summary.group(7)),
                summary.group(8) == null ? Double.NaN : Double.parseDouble(summary.group(8)), cer, wer, Map.of(), latest,
                summary.group(12) == null ? Double.NaN : Double.parseDouble(summary.group(12)) / cpu,
                summary.group(9) == null ? Double.NaN : Double.parseDouble(summary.group(9)));
    }

    /**
     * Held-out WER per voice family of the Hark checkpoint, run by the plain-Java model the server streams with:
     * greedy (as PyTorch's column decodes) and, when the checkpoint has a lexicon, as the server decodes finals.
     */
    private static Map<String, Double> familyWer(Exported exported, Path checkpoint) throws IOException {
        AcousticModel model = Checkpoint.load(checkpoint);
        Map<String, long[]> counts = new java.util.TreeMap<>();
        for (Held h : exported.validation) {
            float[][] scores = model.forward(h.features());
            int words = h.text().strip().split("\\s+").length;
            long[] c = counts.computeIfAbsent(h.family(), k -> new long[2]);
            c[0] += ErrorRate.wordEdits(h.text(), GreedyDecoder.decode(exported.vocabulary, scores, scores.length));
            c[1] += words;
            if (!model.lexicon().isEmpty()) {
                long[] l = counts.computeIfAbsent(h.family() + " (lexicon)", k -> new long[2]);
                l[0] += ErrorRate.wordEdits(h.text(), model.lexicon().decode(exported.vocabulary, scores, scores.length));
                l[1] += words;
            }
        }
        Map<String, Double> out = new LinkedHashMap<>();
        counts.forEach((k, c) -> out.put(k, (double) c[0] / c[1]));
        return out;
    }

    /** PyTorch's run, in the environment Hark's worker gets (the same oneDNN settings, if any). */
    private Result runPyTorch(Path features) throws Exception {
        List<String> command = List.of(python.toString(), script.toString(), "--features", features.toString(), "--epochs",
                Integer.toString(epochs), "--batch", Integer.toString(batch), "--lr", Double.toString(lr), "--seed", Long.toString(seed),
                "--frames-per-output", Integer.toString(ModelConfig.SUBSAMPLING));
        ProcessBuilder pb = new ProcessBuilder(command).redirectError(work.resolve("pytorch.err").toFile());
        pb.environment().put("OMP_NUM_THREADS", "1");
        pb.environment().put("MKL_NUM_THREADS", "1");
        dev.hark.engine.ctc.internal.CtcTrainerService.ENVIRONMENT.forEach(pb.environment()::putIfAbsent); // as for Hark's worker
        Report.progress("training with PyTorch (" + epochs + " epochs)");
        Process p = pb.start();
        JsonObject result = null;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null;) {
                if (line.startsWith("{")) {
                    result = JsonParser.parseString(line).getAsJsonObject();
                } else {
                    Report.progress("pytorch: " + line);
                }
            }
        }
        int code = p.waitFor();
        if (result == null) {
            throw new IllegalStateException("ctc_pytorch.py ended (" + code + ") without its result");
        }
        Map<String, Double> families = new LinkedHashMap<>();
        result.getAsJsonObject("family_wer").entrySet().forEach(e -> families.put(e.getKey(), e.getValue().getAsDouble()));
        return new Result(result.get("audio_per_cpu").getAsDouble(), result.get("audio_per_wall").getAsDouble(), result.get("p50_ms").getAsDouble(),
                result.get("p99_ms").getAsDouble(), number(result, "steady_p50_ms"), number(result, "steady_p99_ms"), result.get("cer").getAsDouble(),
                result.get("wer").getAsDouble(), families, null, Double.NaN, number(result, "steady_local_spread"));
    }

    private static double number(JsonObject o, String key) {
        return o.has(key) && o.get(key).isJsonPrimitive() && o.get(key).getAsJsonPrimitive().isNumber() ? o.get(key).getAsDouble() : Double.NaN;
    }
}
