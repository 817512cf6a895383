package dev.hark.training.run;

import java.io.PrintStream;


import dev.hark.protocol.training.CheckpointSaved;
import dev.hark.protocol.training.TrainingError;
import dev.hark.protocol.training.TrainingLog;
import dev.hark.protocol.training.TrainingMessage;
import dev.hark.protocol.training.TrainingProgress;
import dev.hark.protocol.training.TrainingStatus;
import dev.hark.protocol.training.ValidationResult;
import dev.hark.protocol.training.WorkerLine;

/**
 * The worker's end of the worker protocol ({@link WorkerLine}): one v1 envelope per line on standard output,
 * prefixed with {@value #PREFIX}; standard input carries {@value #STOP_COMMAND}. Workers send typed
 * {@link TrainingMessage}s ({@link #send(TrainingMessage)}); the JSON-tree methods remain for workers not yet
 * moved to the records and write the same lines.
 */
public final class WorkerProtocol {

    public static final String PREFIX = WorkerLine.PREFIX;
    public static final String STOP_COMMAND = WorkerLine.STOP_COMMAND;

    public static final String PROGRESS = TrainingProgress.TYPE;
    public static final String LOG = TrainingLog.TYPE;
    public static final String VALIDATION_RESULT = ValidationResult.TYPE;
    public static final String STATUS = TrainingStatus.TYPE;
    public static final String ERROR = TrainingError.TYPE;
    /** Not a v1 type: a checkpoint was written ({@code name}, {@code epoch}, {@code path}). */
    public static final String CHECKPOINT = CheckpointSaved.TYPE;

    private final PrintStream out;

    public WorkerProtocol(PrintStream out) {
        this.out = out;
    }

    /** Sends one message as a protocol line. */
    public synchronized void send(TrainingMessage message) {
        out.println(WorkerLine.format(message));
        out.flush();
    }

    public void log(String level, String message) {
        send(new TrainingLog(level, message));
    }

    public void error(String message, Throwable t) {
        send(new TrainingError(message, t == null ? null : WorkerLine.stackTrace(t)));
    }

    public void status(String status, String message) {
        send(new TrainingStatus(status, message, null, null));
    }

    public static String stackTrace(Throwable t) {
        return WorkerLine.stackTrace(t);
    }

}
