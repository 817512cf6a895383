package dev.hark.cli.internal;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

import org.eclipse.equinox.app.IApplication;
import org.eclipse.equinox.app.IApplicationContext;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

import dev.hark.audio.FileSource;
import dev.hark.core.HarkTopics;
import dev.hark.core.UtteranceLatency;
import dev.hark.core.cli.CommandLines;
import dev.hark.core.cli.UsageException;
import dev.hark.core.eval.EvaluationSummary;
import dev.hark.core.eval.UtteranceScore;
import dev.hark.core.transcript.Segment;
import dev.hark.core.transcript.TranscriptDocument;
import dev.hark.core.transcript.TranscriptExporters;
import dev.hark.session.TranscriptionSession;
import dev.hark.training.dataset.DatasetEntry;
import dev.hark.training.dataset.DatasetReader;
import dev.hark.transport.ClientSettings;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code hark evaluate}: streams every clip of a dataset folder (any layout Hark reads: asr-test's, LJSpeech's
 * {@code metadata.csv}, Hark's manifest) through a server's model, the way the Live view does, and reports WER and
 * CER per utterance and over the set, with the streaming latencies the client measured (first partial, end of
 * audio to final). One clip at a time, so the latencies are not one clip's waiting for another's.
 */
public final class EvaluateApplication implements IApplication {

    static final int OK = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;
    static final int BAD_DATASET = 3;
    static final int UNREACHABLE = 4;

    @Command(name = "hark evaluate", mixinStandardHelpOptions = true, versionProvider = CommandLines.Version.class,
            description = "Scores a model on a dataset folder: WER and CER per utterance and overall, and streaming latencies.",
            footer = { "", "Exit codes: 0 done, 1 some clips failed, 2 bad arguments, 3 no readable dataset, 4 server unreachable." })
    static final class Options {
        @Option(names = "--dataset", paramLabel = "DIR",
                description = "a dataset folder: audio with transcripts (asr-test, LJSpeech metadata.csv or Hark's manifest.jsonl)")
        Path dataset;

        @Option(names = "--run", paramLabel = "ID", description = "instead of --dataset: evaluate a checkpoint of this server run on the server")
        String run;

        @Option(names = "--checkpoint", paramLabel = "NAME", description = "with --run: the run's checkpoint (default: its newest)")
        String checkpoint;

        @Option(names = "--split", paramLabel = "validation|all", description = "with --run: the run's validation split (default) or all")
        String split = "validation";

        @Option(names = "--server-dataset", paramLabel = "NAME", description = "with --run: a dataset on the server (default: the run's)")
        String serverDataset;

        @Option(names = "--server", paramLabel = "URL", description = "the server (default $HARK_SERVER, else http://127.0.0.1:58081)")
        URI server;

        @Option(names = "--token", paramLabel = "T", description = "the server's token (default $HARK_SERVER_TOKEN)")
        String token;

        @Option(names = "--model", paramLabel = "NAME", description = "model or checkpoint to score (default: the server's default)")
        String model;

        @Option(names = "--limit", paramLabel = "N", description = "only the first N clips (default: all)")
        int limit;

        @Option(names = "--realtime", description = "send audio at its real rate (latencies as a speaker would see them; slower)")
        boolean realtime;

        @Option(names = "--format", paramLabel = "table|csv|json", description = "table (default), csv or json")
        String format = "table";
    }

    @Override
    public Object start(IApplicationContext context) throws Exception {
        String[] args = (String[]) context.getArguments().getOrDefault(IApplicationContext.APPLICATION_ARGS, new String[0]);
        context.applicationRunning();
        return run(args, System.getenv("HARK_SERVER"), System.getenv("HARK_SERVER_TOKEN"), System.out, System.err);
    }

    static int run(String[] args, String envServer, String envToken, PrintStream out, PrintStream err) {
        Options o = new Options();
        try {
            CommandLines.parse(new CommandLine(o), args, "evaluate");
            if (!List.of("table", "csv", "json").contains(o.format)) {
                throw new UsageException("--format must be table, csv or json, not " + o.format);
            }
            if (o.limit < 0) {
                throw new UsageException("--limit must be at least 1");
            }
            if ((o.dataset == null) == (o.run == null)) {
                throw new UsageException("give either --dataset DIR (a local folder) or --run ID (a server run's checkpoint)");
            }
            if (o.run == null && (o.checkpoint != null || o.serverDataset != null)) {
                throw new UsageException("--checkpoint and --server-dataset go with --run");
            }
        } catch (UsageException e) {
            if (e.help()) {
                out.print(e.getMessage());
                return OK;
            }
            err.println("hark evaluate: " + e.getMessage());
            return USAGE;
        }
        URI serverUri = o.server != null ? o.server : URI.create(envServer != null && !envServer.isBlank() ? envServer : "http://127.0.0.1:58081");
        if (o.run != null) {
            return ServerEvaluation.run(o, serverUri, o.token != null ? o.token : envToken, out, err);
        }
        List<DatasetEntry> entries;
        try {
            DatasetReader.Contents contents = DatasetReader.read(o.dataset);
            entries = contents.entries();
            contents.problems().stream().limit(5).forEach(p -> err.println("hark evaluate: skipped: " + p));
        } catch (NoSuchFileException e) {
            err.println("hark evaluate: " + o.dataset + ": no such folder");
            return BAD_DATASET;
        } catch (IOException | RuntimeException e) {
            err.println("hark evaluate: " + o.dataset + ": " + e.getMessage());
            return BAD_DATASET;
        }
        if (entries.isEmpty()) {
            err.println("hark evaluate: " + o.dataset + ": no clips with transcripts");
            return BAD_DATASET;
        }
        if (o.limit > 0 && entries.size() > o.limit) {
            entries = entries.subList(0, o.limit);
        }
        URI server = o.server != null ? o.server : URI.create(envServer != null && !envServer.isBlank() ? envServer : "http://127.0.0.1:58081");
        String token = o.token != null ? o.token : envToken;
        ClientSettings settings = new ClientSettings(server, token, ClientSettings.Protocol.AUTO, o.model, null,
                TranscribeApplication.CLI_RECONNECT, null, java.time.Duration.ofSeconds(30));
        List<UtteranceScore> scores = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            DatasetEntry e = entries.get(i);
            UtteranceScore s = score(e, settings, o.realtime);
            scores.add(s);
            err.printf(Locale.ROOT, "hark evaluate: %d/%d %s: WER %.3f%s%n", i + 1, entries.size(), e.id(), s.wer(),
                    s.error().isEmpty() ? "" : " (" + s.error() + ")");
            if (s.error().startsWith("cannot reach") || s.error().contains("refused the token")) {
                err.println("hark evaluate: " + server + ": " + s.error());
                return UNREACHABLE;
            }
        }
        EvaluationSummary summary = EvaluationSummary.of(scores);
        switch (o.format) {
            case "csv" -> csv(scores, out);
            case "json" -> json(summary, scores, o, out);
            default -> table(summary, scores, out);
        }
        out.flush();
        return summary.failed() > 0 ? FAILED : OK;
    }

    /** One clip through one session; its failure is part of the score, not an exception. */
    static UtteranceScore score(DatasetEntry e, ClientSettings settings, boolean realtime) {
        FileSource source = new FileSource(e.audio(), TranscribeApplication.SEND_RATE, realtime);
        double seconds = source.durationSeconds();
        List<UtteranceLatency> latencies = java.util.Collections.synchronizedList(new ArrayList<>());
        try (TranscriptionSession session = new TranscriptionSession(settings, (topic, payload) -> {
            if (topic.equals(HarkTopics.STREAM_LATENCY) && payload instanceof UtteranceLatency l) {
                latencies.add(l);
            }
        })) {
            CompletableFuture<TranscriptDocument> done = session.start(source);
            // the clip's length at real time (or less) plus the server's end wait, never forever
            TranscriptDocument doc = done.get((long) (Math.max(seconds, 1) * 1000) + 60_000, TimeUnit.MILLISECONDS);
            String hypothesis = TranscriptExporters.committed(doc.snapshot()).stream().map(Segment::text)
                    .collect(Collectors.joining(" "));
            long firstPartial = latencies.stream().mapToLong(UtteranceLatency::firstPartialMillis).filter(v -> v >= 0).findFirst().orElse(-1);
            long last = latencies.isEmpty() ? -1 : latencies.get(latencies.size() - 1).finalMillis();
            return UtteranceScore.of(e.id(), e.text(), hypothesis, firstPartial, last, seconds);
        } catch (ExecutionException ex) {
            Throwable cause = ex.getCause() == null ? ex : ex.getCause();
            return UtteranceScore.failed(e.id(), e.text(), seconds, String.valueOf(cause.getMessage()));
        } catch (TimeoutException ex) {
            return UtteranceScore.failed(e.id(), e.text(), seconds, "no final within the clip's length plus 60 s");
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return UtteranceScore.failed(e.id(), e.text(), seconds, "interrupted");
        } catch (Exception ex) {
            return UtteranceScore.failed(e.id(), e.text(), seconds, String.valueOf(ex.getMessage()));
        }
    }

    private static String ms(double v) {
        return Double.isNaN(v) || v < 0 ? "-" : String.format(Locale.ROOT, "%.0f", v);
    }

    static void table(EvaluationSummary s, List<UtteranceScore> scores, PrintStream out) {
        out.printf("%-24s %6s %6s %8s %8s  %s%n", "utterance", "WER", "CER", "1st (ms)", "fin (ms)", "reference / heard");
        for (UtteranceScore u : scores) {
            out.printf(Locale.ROOT, "%-24s %6.3f %6.3f %8s %8s  %s%n", u.id(), u.wer(), u.cer(), ms(u.firstPartialMillis()),
                    ms(u.finalMillis()), u.reference());
            out.printf("%-24s %6s %6s %8s %8s  %s%n", "", "", "", "", "", u.error().isEmpty() ? u.hypothesis() : "FAILED: " + u.error());
        }
        out.printf(Locale.ROOT, "%d utterances (%.1f s of audio), %d failed: WER %.3f, CER %.3f; first partial p50 %s ms, p95 %s ms;"
                + " final p50 %s ms, p95 %s ms%n", s.utterances(), s.audioSeconds(), s.failed(), s.wer(), s.cer(), ms(s.firstPartialP50()),
                ms(s.firstPartialP95()), ms(s.finalP50()), ms(s.finalP95()));
    }

    static void csv(List<UtteranceScore> scores, PrintStream out) {
        out.println("utterance,wer,cer,word_edits,reference_words,first_partial_ms,final_ms,audio_seconds,reference,hypothesis,error");
        for (UtteranceScore u : scores) {
            out.printf(Locale.ROOT, "%s,%.4f,%.4f,%d,%d,%d,%d,%.3f,%s,%s,%s%n", quote(u.id()), u.wer(), u.cer(), u.wordEdits(),
                    u.referenceWords(), u.firstPartialMillis(), u.finalMillis(), u.audioSeconds(), quote(u.reference()),
                    quote(u.hypothesis()), quote(u.error()));
        }
    }

    /** RFC 4180: quoted when it holds a comma, quote or line break; quotes doubled. */
    static String quote(String s) {
        return s.matches("(?s).*[\",\\r\\n].*") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }

    static void json(EvaluationSummary s, List<UtteranceScore> scores, Options o, PrintStream out) {
        JsonObject root = new JsonObject();
        root.addProperty("dataset", o.dataset != null ? o.dataset.toString() : o.serverDataset);
        if (o.run != null) {
            root.addProperty("run", o.run);
            root.addProperty("checkpoint", o.checkpoint);
        }
        root.addProperty("model", o.model);
        root.addProperty("realtime", o.realtime);
        JsonObject summary = new JsonObject();
        summary.addProperty("utterances", s.utterances());
        summary.addProperty("failed", s.failed());
        summary.addProperty("wer", s.wer());
        summary.addProperty("cer", s.cer());
        summary.addProperty("audio_seconds", s.audioSeconds());
        addLatency(summary, "first_partial_p50_ms", s.firstPartialP50());
        addLatency(summary, "first_partial_p95_ms", s.firstPartialP95());
        addLatency(summary, "final_p50_ms", s.finalP50());
        addLatency(summary, "final_p95_ms", s.finalP95());
        root.add("summary", summary);
        JsonArray list = new JsonArray();
        for (UtteranceScore u : scores) {
            JsonObject j = new JsonObject();
            j.addProperty("utterance", u.id());
            j.addProperty("reference", u.reference());
            j.addProperty("hypothesis", u.hypothesis());
            j.addProperty("wer", u.wer());
            j.addProperty("cer", u.cer());
            j.addProperty("word_edits", u.wordEdits());
            j.addProperty("reference_words", u.referenceWords());
            addLatency(j, "first_partial_ms", u.firstPartialMillis());
            addLatency(j, "final_ms", u.finalMillis());
            j.addProperty("audio_seconds", u.audioSeconds());
            if (!u.error().isEmpty()) {
                j.addProperty("error", u.error());
            }
            list.add(j);
        }
        root.add("utterances", list);
        out.println(new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(root));
    }

    private static void addLatency(JsonObject o, String key, double v) {
        if (Double.isNaN(v) || v < 0) {
            o.add(key, com.google.gson.JsonNull.INSTANCE);
        } else {
            o.addProperty(key, v);
        }
    }

    @Override
    public void stop() {
        // one clip at a time, each bounded by its length plus 60 s
    }
}
