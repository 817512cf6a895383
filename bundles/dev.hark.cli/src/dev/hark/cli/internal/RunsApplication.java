package dev.hark.cli.internal;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.eclipse.equinox.app.IApplication;
import org.eclipse.equinox.app.IApplicationContext;

import dev.hark.api.HarkApi;
import dev.hark.api.AsrTestRunSource;
import dev.hark.api.ServerRunSource;
import dev.hark.core.cli.CommandLines;
import dev.hark.core.cli.UsageException;
import dev.hark.core.runs.TrainingRunSource;
import dev.hark.protocol.ProtocolJson;
import dev.hark.protocol.runs.RunInfo;
import dev.hark.protocol.runs.ScalarPoint;
import dev.hark.protocol.runs.ScalarSeries;
import dev.hark.tensorboard.TensorBoardLogDir;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code hark runs list|show|export --tensorboard DIR | --server URL}: training runs and their scalar series from a
 * {@link TrainingRunSource} (a TensorBoard log folder, as PyTorch, Lightning, Hugging Face, NeMo or tensorboardX
 * write it, the runs a Hark server keeps, {@link ServerRunSource}, or the runs observed on an asr-test backend, kept in
 * {@code --runs-dir}, {@link AsrTestRunSource}), printed as a table, or exported as CSV or
 * JSON. Exit codes: 0 done, 2 bad arguments, 3 no such run or tag, 4 the source cannot be read.
 */
public final class RunsApplication implements IApplication {

    static final int OK = 0;
    static final int USAGE = 2;
    static final int NOT_FOUND = 3;
    static final int UNREADABLE = 4;

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

    /** Where the runs come from: one of the two. */
    static class Source {
        @Option(names = "--tensorboard", paramLabel = "DIR",
                description = "a TensorBoard log folder: every folder under it holding events.out.tfevents.* files is a run")
        Path tensorboard;

        @Option(names = "--server", paramLabel = "URL", description = "a Hark server: the training runs it keeps (an asr-test backend: "
                + "the runs observed on it, see --runs-dir)")
        URI server;
    }

    static class SourceOptions {
        @ArgGroup(exclusive = true, multiplicity = "1")
        Source source;

        @Option(names = "--token", paramLabel = "T", description = "the server's token (default $HARK_SERVER_TOKEN)")
        String token;

        @Option(names = "--runs-dir", paramLabel = "DIR", description = "with --server an asr-test backend (it keeps no run history): "
                + "the folder of the runs observed on it (the workbench keeps them in ~/.local/share/hark/observed-runs); "
                + "what the backend trains now is added to it")
        Path runsDir;

        String where() {
            return source.tensorboard != null ? source.tensorboard.toString() : String.valueOf(source.server);
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Lists the runs: state, tags, points, last step and time.")
    static final class ListRuns extends SourceOptions {
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Shows one run's tags: points, steps, min, max and last value.")
    static final class Show extends SourceOptions {
        @Parameters(paramLabel = "RUN", description = "the run (its folder relative to the log folder, as list prints it)")
        String run;
    }

    @Command(name = "export", mixinStandardHelpOptions = true, description = "Prints a run's scalar series as CSV (run,tag,step,wall_time,value) or JSON.")
    static final class Export extends SourceOptions {
        @Parameters(paramLabel = "RUN", description = "the run")
        String run;

        @Option(names = "--tag", paramLabel = "TAG", description = "only these tags (repeatable; default all)")
        List<String> tags = new ArrayList<>();

        @Option(names = "--format", paramLabel = "csv|json", description = "csv (default) or json")
        String format = "csv";

        @Option(names = "--max-points", paramLabel = "N", description = "downsample each tag to at most N points, keeping extremes and NaNs (default: all)")
        int maxPoints;
    }

    @Command(name = "hark runs", mixinStandardHelpOptions = true, versionProvider = CommandLines.Version.class,
            subcommands = { ListRuns.class, Show.class, Export.class },
            description = "Training runs and their metrics from a TensorBoard log folder or a Hark server.",
            footer = { "", "Exit codes: 0 done, 2 bad arguments, 3 no such run or tag, 4 the source cannot be read." })
    static final class Options {
    }

    @Override
    public Object start(IApplicationContext context) throws Exception {
        String[] args = (String[]) context.getArguments().getOrDefault(IApplicationContext.APPLICATION_ARGS, new String[0]);
        context.applicationRunning();
        return run(args, System.out, System.err);
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        CommandLine.ParseResult parsed;
        try {
            parsed = CommandLines.parse(new CommandLine(new Options()), args, "runs");
            if (parsed.subcommand() == null) {
                throw new UsageException("say list, show or export (try --help)");
            }
        } catch (UsageException e) {
            if (e.help()) {
                out.print(e.getMessage());
                return OK;
            }
            err.println("hark runs: " + e.getMessage());
            return USAGE;
        }
        Object command = parsed.subcommand().commandSpec().userObject();
        SourceOptions options = (SourceOptions) command;
        HarkApi api = null;
        if (options.source.server != null) {
            URI server = options.source.server;
            if (server.getScheme() == null || !server.getScheme().startsWith("http") || server.getHost() == null) {
                err.println("hark runs: --server must be a URL like http://127.0.0.1:58081, not " + server);
                return USAGE;
            }
            api = new HarkApi(server, options.token != null ? options.token : System.getenv("HARK_SERVER_TOKEN"));
        }
        try (HarkApi closing = api; TrainingRunSource source = api != null ? serverSource(api, options.runsDir)
                : new TensorBoardLogDir(options.source.tensorboard)) {
            List<RunInfo> runs = source.runs();
            int code = switch (command) {
                case ListRuns l -> list(source, runs, out);
                case Show s -> show(source, find(runs, s.run), out);
                case Export e -> export(source, find(runs, e.run), e, out);
                default -> throw new IllegalStateException(command.toString());
            };
            out.flush();
            return code;
        } catch (UsageException e) {
            err.println("hark runs: " + e.getMessage());
            return e.help() ? NOT_FOUND : USAGE;
        } catch (NoSuchFileException e) {
            err.println("hark runs: " + e.getFile() + ": no such folder");
            return UNREADABLE;
        } catch (IllegalArgumentException e) {
            err.println("hark runs: " + e.getMessage());
            return NOT_FOUND;
        } catch (IOException e) {
            err.println("hark runs: cannot read " + options.where() + ": " + (api != null ? e.getMessage() : e));
            return UNREADABLE;
        }
    }

    /**
     * A Hark server's runs, or for a server that keeps none (an asr-test backend) the runs observed on it, kept in
     * {@code runsDir} ({@link AsrTestRunSource}: a one-shot command adds the step the backend is at now).
     */
    private static TrainingRunSource serverSource(HarkApi api, Path runsDir) throws IOException, UsageException {
        ServerRunSource hark = new ServerRunSource(api);
        try {
            hark.records();
            return hark;
        } catch (ServerRunSource.NoRuns e) {
            if (runsDir == null) {
                throw new UsageException(api.base() + " keeps no training runs (an asr-test backend): give --runs-dir DIR, the folder where "
                        + "the runs observed on it are kept (the workbench's: ~/.local/share/hark/observed-runs)");
            }
            return new AsrTestRunSource(api, runsDir);
        }
    }

    /** The run named {@code id}; a UsageException flagged "help" (exit 3) naming the runs there are otherwise. */
    private static RunInfo find(List<RunInfo> runs, String id) throws UsageException {
        return runs.stream().filter(r -> r.id().equals(id)).findFirst().orElseThrow(() -> new UsageException(
                "no run " + id + " (runs: " + String.join(", ", runs.stream().map(RunInfo::id).toList()) + ")", true));
    }

    private static int list(TrainingRunSource source, List<RunInfo> runs, PrintStream out) {
        out.println(source.label() + ": " + runs.size() + (runs.size() == 1 ? " run" : " runs"));
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] { "RUN", "STATE", "POINTS", "LAST STEP", "LAST TIME (UTC)", "TAGS", "PROBLEMS" });
        for (RunInfo r : runs) {
            rows.add(new String[] { r.id(), r.state().name().toLowerCase(Locale.ROOT), Long.toString(r.points()),
                    r.lastStep() < 0 ? "-" : Long.toString(r.lastStep()), time(r.lastWallTime()), String.join(",", r.tags()),
                    r.detail().isEmpty() ? "-" : r.detail() });
        }
        table(rows, out);
        return OK;
    }

    private static int show(TrainingRunSource source, RunInfo run, PrintStream out) throws IOException {
        out.println(run.id() + ": " + run.state().name().toLowerCase(Locale.ROOT) + ", " + run.points() + " points, last step "
                + run.lastStep() + ", last time " + time(run.lastWallTime()) + (run.detail().isEmpty() ? "" : "; " + run.detail()));
        if (!run.hparams().isEmpty()) {
            List<String> pairs = new ArrayList<>();
            run.hparams().entrySet().stream().sorted(java.util.Map.Entry.comparingByKey()).forEach(e -> pairs.add(e.getKey() + "=" + e.getValue()));
            out.println("hparams: " + String.join(", ", pairs));
        }
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] { "TAG", "POINTS", "FIRST STEP", "LAST STEP", "MIN", "MAX", "LAST", "NON-FINITE" });
        for (String tag : run.tags()) {
            List<ScalarPoint> points = source.series(run.id(), tag, 0).points();
            double min = Double.NaN;
            double max = Double.NaN;
            long nonFinite = 0;
            for (ScalarPoint p : points) {
                if (!Double.isFinite(p.value())) {
                    nonFinite++;
                } else {
                    min = Double.isNaN(min) ? p.value() : Math.min(min, p.value());
                    max = Double.isNaN(max) ? p.value() : Math.max(max, p.value());
                }
            }
            ScalarPoint first = points.get(0);
            ScalarPoint last = points.get(points.size() - 1);
            rows.add(new String[] { tag, Integer.toString(points.size()), Long.toString(first.step()), Long.toString(last.step()),
                    number(min), number(max), number(last.value()), Long.toString(nonFinite) });
        }
        table(rows, out);
        if (source instanceof ServerRunSource server) {
            checkpoints(server.record(run.id()).checkpoints(), out);
        } else if (source instanceof AsrTestRunSource observed) {
            checkpoints(observed.observed().stream().filter(r -> r.id().equals(run.id())).findFirst().orElseThrow().checkpoints(), out);
        }
        return OK;
    }

    /** A server's run: its checkpoints with their validation's numbers. */
    private static void checkpoints(List<dev.hark.protocol.runs.RunCheckpoint> checkpoints, PrintStream out) {
        List<dev.hark.protocol.runs.RunCheckpoint> list = checkpoints == null ? List.of() : checkpoints;
        out.println("checkpoints: " + list.size());
        if (list.isEmpty()) {
            return;
        }
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] { "CHECKPOINT", "EPOCH", "STEP", "VAL LOSS", "CER", "WER", "STATUS" });
        for (dev.hark.protocol.runs.RunCheckpoint c : list) {
            rows.add(new String[] { c.name(), Integer.toString(c.epoch()), Long.toString(c.globalStep()), boxed(c.valLoss()), boxed(c.cer()),
                    boxed(c.wer()), c.status() == null ? "-" : c.status() });
        }
        table(rows, out);
    }

    private static String boxed(Double v) {
        return v == null ? "-" : number(v);
    }

    /** JSON shape of one exported series; a non-finite value is null with {@code non_finite} saying which. */
    record JsonPoint(long step, double wallTime, Double value, String nonFinite) {
    }

    record JsonSeries(String run, String tag, long totalPoints, List<JsonPoint> points) {
    }

    private static int export(TrainingRunSource source, RunInfo run, Export e, PrintStream out) throws IOException, UsageException {
        if (!e.format.equals("csv") && !e.format.equals("json")) {
            throw new UsageException("--format is csv or json, not " + e.format);
        }
        List<String> tags = e.tags.isEmpty() ? run.tags() : e.tags;
        for (String tag : tags) {
            if (!run.tags().contains(tag)) {
                throw new UsageException("run " + run.id() + " has no tag " + tag + " (tags: " + String.join(", ", run.tags()) + ")", true);
            }
        }
        List<ScalarSeries> series = new ArrayList<>();
        for (String tag : tags) {
            series.add(source.series(run.id(), tag, e.maxPoints));
        }
        if (e.format.equals("csv")) {
            out.println("run,tag,step,wall_time,value");
            for (ScalarSeries s : series) {
                for (ScalarPoint p : s.points()) {
                    out.println(csv(s.runId()) + ',' + csv(s.tag()) + ',' + p.step() + ','
                            + String.format(Locale.ROOT, "%.3f", p.wallTime()) + ',' + csvNumber(p.value()));
                }
            }
        } else {
            List<JsonSeries> json = series.stream().map(s -> new JsonSeries(s.runId(), s.tag(), s.totalPoints(),
                    s.points().stream().map(p -> new JsonPoint(p.step(), p.wallTime(),
                            Double.isFinite(p.value()) ? p.value() : null,
                            Double.isFinite(p.value()) ? null : csvNumber(p.value()))).toList())).toList();
            out.println(ProtocolJson.toJson(json));
        }
        return OK;
    }

    private static String csv(String s) {
        return s.contains(",") || s.contains("\"") || s.contains("\n") ? '"' + s.replace("\"", "\"\"") + '"' : s;
    }

    /** pandas and numpy read these spellings back. */
    private static String csvNumber(double v) {
        if (Double.isNaN(v)) {
            return "nan";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "inf" : "-inf";
        }
        return Double.toString(v);
    }

    private static String number(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.6g", v);
    }

    private static String time(double epochSeconds) {
        return Double.isNaN(epochSeconds) ? "-" : TIME.format(Instant.ofEpochMilli((long) (epochSeconds * 1000)));
    }

    private static void table(List<String[]> rows, PrintStream out) {
        int[] width = new int[rows.get(0).length];
        for (String[] r : rows) {
            for (int i = 0; i < r.length; i++) {
                width[i] = Math.max(width[i], r[i].length());
            }
        }
        for (String[] r : rows) {
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < r.length; i++) {
                b.append(i == r.length - 1 ? r[i] : String.format("%-" + width[i] + "s  ", r[i]));
            }
            out.println(b.toString().stripTrailing());
        }
    }

    @Override
    public void stop() {
        // prints and returns
    }
}
