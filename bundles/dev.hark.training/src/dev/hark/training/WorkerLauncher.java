package dev.hark.training;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import dev.hark.process.ChildProcess;

import dev.hark.training.run.ModelTrainer;
import dev.hark.training.run.RunSpec;

/** Starts a training worker: a JVM of its own on the trainer's class path, with the spec file as its only argument. */
final class WorkerLauncher {

    private final TrainingSupervisor.Settings settings;

    WorkerLauncher(TrainingSupervisor.Settings settings) {
        this.settings = settings;
    }

    /** The worker's heap: the request's test hook if set, else the supervisor's setting. */
    int heapMb(TestHooks hooks) {
        return hooks.workerHeapMbOrZero() > 0 ? hooks.workerHeapMbOrZero() : settings.workerHeapMb();
    }

    /**
     * Starts the worker. Its standard output goes line by line to {@code stdoutLines} (on the child's
     * "hark-training-worker-stdout" thread); its standard error to {@code worker.log} in the run folder and a tail.
     */
    ChildProcess<Void> launch(ModelTrainer trainer, RunSpec spec, Path specFile, int heapMb, Path folder, Consumer<String> stdoutLines,
            int stderrTailLines) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(settings.javaExecutable());
        command.add("-Xmx" + heapMb + "m");
        command.add("-Xms" + heapMb + "m"); // fixed: no resizing during a run, and a trainer's ratios (NewRatio) mean the same on any machine
        command.add("-XX:+ExitOnOutOfMemoryError");
        command.add("-Djava.awt.headless=true");
        command.add("--enable-native-access=ALL-UNNAMED");
        command.addAll(trainer.jvmOptions());
        command.add("-cp");
        command.add(trainer.classpath().stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator)));
        command.add(trainer.mainClass());
        command.add(specFile.toString());
        Files.createDirectories(settings.nativeCache());
        NativeCache.checkRoom(settings.nativeCache(), NativeCache::usableBytes);
        Files.writeString(folder.resolve("command.txt"), String.join("\n", command) + "\n");
        ChildProcess.Builder<Void> builder = ChildProcess.<Void>builder("hark-training-worker", command);
        workerEnvironment(trainer, System.getenv()).forEach(builder::env);
        return builder.directory(folder)
                .env("DJL_CACHE_DIR", settings.nativeCache().toString())
                .env("ENGINE_CACHE_DIR", settings.nativeCache().toString())
                .env("DJL_OFFLINE", "true")
                .env("OMP_NUM_THREADS", Integer.toString(spec.threads()))
                .env("MKL_NUM_THREADS", Integer.toString(spec.threads()))
                .onStdout(stdoutLines).logStderr(folder.resolve("worker.log")).tailLines(stderrTailLines).start();
    }

    /** The trainer's {@link ModelTrainer#environment()} less what the server's own environment already sets. */
    static Map<String, String> workerEnvironment(ModelTrainer trainer, Map<String, String> serverEnvironment) {
        Map<String, String> env = new TreeMap<>(trainer.environment());
        env.keySet().removeAll(serverEnvironment.keySet());
        return env;
    }
}
