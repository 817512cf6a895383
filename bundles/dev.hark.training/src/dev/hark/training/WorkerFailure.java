package dev.hark.training;

import java.nio.file.Path;
import java.util.Optional;

import dev.hark.protocol.training.TrainingError;

/** Why a training worker failed, in words, from its exit code, the tail of its standard error and its own error report. */
final class WorkerFailure {

    private WorkerFailure() {
    }

    /**
     * @param tail        the last lines of the worker's standard error
     * @param workerError what the worker reported before it ended, or null
     */
    static String reason(String tail, TrainingError workerError, int exit, Path nativeCache, Path checkpoints) {
        String said = tail + (workerError == null ? "" : "\n" + workerError.message() + "\n" + workerError.traceback());
        Optional<String> noSpace = NativeCache.noSpaceReason(said, nativeCache, checkpoints);
        if (noSpace.isPresent()) {
            return noSpace.get();
        }
        if (tail.contains("OutOfMemoryError") || tail.contains("Terminating due to java.lang.OutOfMemoryError") || exit == 3) {
            return "the training worker ran out of memory (exit code " + exit + "); last checkpoint kept";
        }
        if (exit == 137 || exit == 128 + 9) {
            return "the training worker was killed (SIGKILL; out of memory at the system level, or killed by hand); last checkpoint kept";
        }
        if (exit > 128) {
            return "the training worker died of signal " + (exit - 128) + "; last checkpoint kept";
        }
        if (workerError != null) {
            return workerError.message();
        }
        if (exit == 0) {
            return "the training worker exited without reporting an outcome";
        }
        return "the training worker exited with code " + exit + (tail.isBlank() ? "" : ": " + lastLine(tail));
    }

    private static String lastLine(String tail) {
        String[] lines = tail.strip().split("\n");
        return lines[lines.length - 1];
    }
}
