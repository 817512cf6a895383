package dev.hark.core.services;

import dev.hark.protocol.rest.ProgressReport;
import dev.hark.protocol.rest.TrainRequest;
import dev.hark.protocol.rest.TrainStarted;

/**
 * Training runs on the server: start, resume, stop, the progress report and the run's history as the
 * workbench recorded it from {@code hark/training/*}. Calls block: run them off the UI thread.
 */
public interface TrainingService {

    /** Starts a new run; the recorded history is cleared. */
    TrainStarted start(TrainRequest request) throws ServerCallException;

    TrainStarted resume(TrainRequest request) throws ServerCallException;

    /** Asks the running job to stop; the server's answer. */
    String stop() throws ServerCallException;

    ProgressReport progress() throws ServerCallException;

    /** What the current run has reported so far. */
    TrainingHistory history();
}
