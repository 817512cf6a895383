package dev.hark.training;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

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

    Process launch(ModelTrainer trainer, RunSpec spec, Path specFile, int heapMb, Path folder) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(settings.javaExecutable());
        command.add("-Xmx" + heapMb + "m");
        command.add("-XX:+ExitOnOutOfMemoryError");
        command.add("-Djava.awt.headless=true");
        command.add("--enable-native-access=ALL-UNNAMED");
        command.addAll(trainer.jvmOptions());
        command.add("-cp");
        command.add(trainer.classpath().stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator)));
        command.add(trainer.mainClass());
        command.add(specFile.toString());
        Files.createDirectories(settings.nativeCache());
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().put("DJL_CACHE_DIR", settings.nativeCache().toString());
        pb.environment().put("ENGINE_CACHE_DIR", settings.nativeCache().toString());
        pb.environment().put("DJL_OFFLINE", "true");
        pb.environment().put("OMP_NUM_THREADS", Integer.toString(spec.threads()));
        pb.environment().put("MKL_NUM_THREADS", Integer.toString(spec.threads()));
        pb.directory(folder.toFile());
        Files.writeString(folder.resolve("command.txt"), String.join("\n", command) + "\n");
        return pb.start();
    }
}
