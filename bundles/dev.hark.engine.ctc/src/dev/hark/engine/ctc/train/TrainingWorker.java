package dev.hark.engine.ctc.train;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.hark.training.run.RunSpec;
import dev.hark.training.run.WorkerProtocol;

/**
 * Main class of the training worker process: {@code java -cp ... dev.hark.engine.ctc.train.TrainingWorker spec.json}.
 * Speaks {@link WorkerProtocol} on standard output; everything else it or its libraries print goes to standard
 * error. Stops (saving a checkpoint) on a {@code stop} line on standard input, when the stop file appears, or when
 * standard input closes (the server went away). Exit codes: 0 completed or stopped, 1 failed, 2 bad arguments.
 */
public final class TrainingWorker {

    private TrainingWorker() {
    }

    public static void main(String[] args) {
        PrintStream protocolOut = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true, StandardCharsets.UTF_8);
        System.setOut(System.err); // library chatter must not mix with the protocol
        WorkerProtocol out = new WorkerProtocol(protocolOut);
        if (args.length != 1) {
            out.error("usage: TrainingWorker RUN_SPEC.json", null);
            System.exit(2);
        }
        RunSpec spec;
        try {
            spec = RunSpec.read(Path.of(args[0]));
        } catch (Exception e) {
            out.error("cannot read the run spec: " + e.getMessage(), e);
            System.exit(2);
            return;
        }
        AtomicBoolean stop = new AtomicBoolean();
        Thread stdin = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null;) {
                    if (line.strip().equals(WorkerProtocol.STOP_COMMAND)) {
                        stop.set(true);
                    }
                }
            } catch (Exception e) {
                // fall through: treat as closed
            }
            stop.set(true); // the supervisor is gone: save and leave rather than run on as an orphan
        }, "hark-worker-stdin");
        stdin.setDaemon(true);
        stdin.start();
        Path stopFile = spec.stopFile() == null ? null : Path.of(spec.stopFile());
        configureEngine(spec);
        try {
            TrainingRun.Outcome outcome = new TrainingRun(spec, out,
                    () -> stop.get() || (stopFile != null && Files.exists(stopFile))).run();
            if (outcome == TrainingRun.Outcome.STOPPED) {
                out.status("stopped", "Training stopped; checkpoint saved.");
            } else {
                out.status("completed", "Training completed.");
            }
            protocolOut.flush();
            System.exit(0);
        } catch (Throwable t) {
            out.error("training failed: " + (noSpace(t) ? "no space left on device: " : "") + t, t);
            protocolOut.flush();
            System.exit(1);
        }
    }

    /** Whether a full disk is the cause (DJL wraps the IOException of unpacking its natives, sometimes twice). */
    static boolean noSpace(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c.getMessage() != null && c.getMessage().contains("No space left on device")) {
                return true;
            }
        }
        return false;
    }

    /** DJL offline, one intra-op thread unless told otherwise; the natives cache comes from DJL_CACHE_DIR. */
    static void configureEngine(RunSpec spec) {
        System.setProperty("ai.djl.offline", "true");
        System.setProperty("DJL_DEFAULT_ENGINE", "PyTorch");
        String threads = Integer.toString(Math.max(1, spec.threads()));
        System.setProperty("ai.djl.pytorch.num_threads", threads);
        System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        System.setProperty("ai.djl.pytorch.graph_optimizer", "false");
    }
}
