package dev.hark.cli.internal;

import java.io.PrintStream;
import java.net.URI;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.eclipse.equinox.app.IApplication;
import org.eclipse.equinox.app.IApplicationContext;

import dev.hark.api.HarkApi;
import dev.hark.api.HarkApiException;
import dev.hark.api.TrainingMonitor;
import dev.hark.core.cli.CommandLines;
import dev.hark.core.cli.UsageException;
import dev.hark.protocol.rest.TrainRequest;
import dev.hark.protocol.rest.TrainStarted;
import dev.hark.protocol.training.CheckpointSaved;
import dev.hark.protocol.training.TrainingError;
import dev.hark.protocol.training.TrainingLog;
import dev.hark.protocol.training.TrainingMessage;
import dev.hark.protocol.training.TrainingProgress;
import dev.hark.protocol.training.TrainingStatus;
import dev.hark.protocol.training.ValidationResult;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code hark train start|resume|stop|follow --server URL}: training on a Hark or asr-test server from the
 * command line, through the workbench's own client ({@link HarkApi}, {@link TrainingMonitor}). {@code follow}
 * prints each progress, validation result, log line and status as it arrives (from a Hark server's
 * {@code /api/events}, or an asr-test server's {@code /ws} broadcasts and {@code /api/progress}), until Ctrl+C
 * or, with {@code --until-end}, the run's end.
 */
public final class TrainApplication implements IApplication {

    static final int OK = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;
    static final int REFUSED = 3;
    static final int UNREACHABLE = 4;

    private final CountDownLatch stopped = new CountDownLatch(1);

    /** Options every subcommand shares. */
    static class ServerOptions {
        @Option(names = "--server", paramLabel = "URL", description = "the server (default $HARK_SERVER, else http://127.0.0.1:58081)")
        String server;

        @Option(names = "--token", paramLabel = "T", description = "the server's token (default $HARK_SERVER_TOKEN)")
        String token;
    }

    /** What a run is made of (start and resume). */
    static class RunOptions extends ServerOptions {
        @Option(names = "--model", paramLabel = "NAME", required = true, description = "the model to train (e.g. ctc on Hark, realtime on asr-test)")
        String model;

        @Option(names = "--dataset", paramLabel = "NAME", required = true, description = "the dataset to train on (e.g. ljspeech)")
        String dataset;

        @Option(names = "--epochs", paramLabel = "N", description = "epochs (default: the server's)")
        Integer epochs;

        @Option(names = "--batch-size", paramLabel = "N", description = "batch size (default: the server's)")
        Integer batchSize;

        @Option(names = "--lightweight", description = "a quick test run on a few samples (v1's lightweight)")
        boolean lightweight;
    }

    @Command(name = "start", mixinStandardHelpOptions = true, description = "Starts a training run from scratch.")
    static final class Start extends RunOptions {
    }

    @Command(name = "resume", mixinStandardHelpOptions = true, description = "Continues from the latest (or the given) checkpoint.")
    static final class Resume extends RunOptions {
        @Option(names = "--checkpoint", paramLabel = "NAME", description = "the checkpoint to continue from (default: the latest)")
        String checkpoint;
    }

    @Command(name = "stop", mixinStandardHelpOptions = true, description = "Stops the running training run.")
    static final class Stop extends ServerOptions {
    }

    @Command(name = "follow", mixinStandardHelpOptions = true,
            description = "Prints progress, validation results, logs and status as they arrive, until Ctrl+C.")
    static final class Follow extends ServerOptions {
        @Option(names = "--until-end", description = "exit when a run ends (0 completed or stopped, 1 failed)")
        boolean untilEnd;
    }

    @Command(name = "hark train", mixinStandardHelpOptions = true, versionProvider = CommandLines.Version.class,
            subcommands = { Start.class, Resume.class, Stop.class, Follow.class },
            description = "Starts, resumes, stops and follows training on a Hark server or an asr-test backend.",
            footer = { "", "Exit codes: 0 done, 1 the run failed (follow --until-end), 2 bad arguments,",
                    "3 the server refused the request, 4 the server cannot be reached." })
    static final class Options {
    }

    static CommandLine commandLine() {
        return new CommandLine(new Options());
    }

    @Override
    public Object start(IApplicationContext context) throws Exception {
        String[] args = (String[]) context.getArguments().getOrDefault(IApplicationContext.APPLICATION_ARGS, new String[0]);
        context.applicationRunning();
        return run(args, System.out, System.err);
    }

    int run(String[] args, PrintStream out, PrintStream err) {
        CommandLine cl = commandLine();
        CommandLine.ParseResult parsed;
        try {
            parsed = CommandLines.parse(cl, args, "train");
            if (parsed.subcommand() == null) {
                throw new UsageException("say start, resume, stop or follow (try --help)");
            }
        } catch (UsageException e) {
            if (e.help()) {
                out.print(e.getMessage());
                out.flush();
                return OK;
            }
            err.println("hark train: " + e.getMessage());
            return USAGE;
        }
        Object command = parsed.subcommand().commandSpec().userObject();
        ServerOptions o = (ServerOptions) command;
        URI server;
        try {
            String env = System.getenv("HARK_SERVER");
            server = URI.create(o.server != null ? o.server : env != null && !env.isBlank() ? env : TranscribeArguments.DEFAULT_SERVER);
            if (server.getScheme() == null || server.getHost() == null) {
                throw new IllegalArgumentException("no scheme or host");
            }
        } catch (IllegalArgumentException e) {
            err.println("hark train: --server must be a URL like http://127.0.0.1:58081: " + e.getMessage());
            return USAGE;
        }
        URI http = URI.create(server.toString().replaceFirst("^ws", "http").replaceFirst("/(ws|v2/stream)/?$", ""));
        String token = o.token != null ? o.token : System.getenv("HARK_SERVER_TOKEN");
        try (HarkApi api = new HarkApi(http, token)) {
            return switch (command) {
                case Start s -> started(api.trainStart(request(s, false, null)), out);
                case Resume r -> started(api.trainResume(request(r, true, r.checkpoint)), out);
                case Stop s -> {
                    out.println(api.trainStop().message());
                    yield OK;
                }
                case Follow f -> follow(api, f.untilEnd, out, err);
                default -> USAGE;
            };
        } catch (HarkApiException e) {
            err.println("hark train: " + e.getMessage());
            return e.status() == 0 ? UNREACHABLE : REFUSED;
        }
    }

    private static TrainRequest request(RunOptions o, boolean resume, String checkpoint) {
        return new TrainRequest(o.model, o.dataset, o.epochs, o.batchSize, resume, checkpoint, o.lightweight ? Boolean.TRUE : null,
                null, null, null, null, null, null, null);
    }

    private static int started(TrainStarted s, PrintStream out) {
        out.println(s.message() + (s.runId() == null ? "" : " (run " + s.runId() + ")")
                + (s.resumedFrom() == null ? "" : ", resumed from " + s.resumedFrom()));
        return OK;
    }

    private int follow(HarkApi api, boolean untilEnd, PrintStream out, PrintStream err) {
        int[] result = { OK };
        try (TrainingMonitor monitor = new TrainingMonitor(api, m -> {
            String line = line(m);
            if (line != null) {
                synchronized (out) {
                    out.println(line);
                    out.flush();
                }
            }
            if (untilEnd && m instanceof TrainingStatus s && ended(s.status())) {
                result[0] = "failed".equals(s.status()) ? FAILED : OK;
                stopped.countDown();
            }
        })) {
            // say once how it follows: a v1 server keeps no history, so only what is broadcast from now on is seen
            for (int i = 0; i < 300 && "connecting".equals(monitor.mode()) && stopped.getCount() > 0; i++) {
                stopped.await(100, TimeUnit.MILLISECONDS);
            }
            err.println("hark train follow: following " + api.base() + " (" + switch (monitor.mode()) {
                case "events" -> "its event stream";
                case "broadcasts" -> "its /ws training broadcasts and /api/progress";
                case "polling" -> "/api/progress";
                default -> "not reachable yet; retrying";
            } + ")");
            err.flush();
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return result[0];
    }

    static boolean ended(String status) {
        return "completed".equals(status) || "stopped".equals(status) || "failed".equals(status);
    }

    /** One line per message; null for those a follower does not print (dataset jobs). */
    static String line(TrainingMessage m) {
        return switch (m) {
            case TrainingProgress p -> String.format(Locale.ROOT, "progress  epoch %d/%d  step %d/%d  loss %s  lr %s", p.epoch(),
                    p.totalEpochs(), p.step(), p.totalSteps(), number(p.loss()), number(p.learningRate()));
            case ValidationResult v -> String.format(Locale.ROOT, "validation  epoch %d  val_loss %s%s%s", v.epoch(), number(v.valLoss()),
                    v.cer() == null ? "" : "  cer " + number(v.cer()), v.wer() == null ? "" : "  wer " + number(v.wer()));
            case TrainingLog l -> "log  " + (l.level() == null ? "INFO" : l.level()) + "  " + l.message();
            case TrainingStatus s -> "status  " + s.status() + (s.message() == null || s.message().isBlank() ? "" : "  " + s.message());
            case TrainingError e -> "error  " + e.message();
            case CheckpointSaved c -> "checkpoint  " + c.name() + "  epoch " + c.epoch();
            default -> null;
        };
    }

    private static String number(Double d) {
        return d == null || d.isNaN() ? "-" : String.format(Locale.ROOT, "%.4g", d);
    }

    @Override
    public void stop() {
        stopped.countDown();
    }
}
