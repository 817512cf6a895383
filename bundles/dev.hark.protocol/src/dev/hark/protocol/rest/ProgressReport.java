package dev.hark.protocol.rest;

import java.util.List;

import dev.hark.protocol.training.TrainingError;
import dev.hark.protocol.training.ValidationResult;

/**
 * {@code GET /api/progress}: v1's fields (is_training, current_*, total_*, progress, latest_logs, latest_error,
 * server_time) and Hark's (status, run, throughput, ETA, last validation and checkpoint). Values stay after a
 * run ends (v1 reset them to 0).
 *
 * @param status one of idle, running, completed, stopped, failed
 */
public record ProgressReport(boolean isTraining, String status, String statusMessage, String runId, String modelName,
        String datasetName, int currentEpoch, long currentStep, int totalEpochs, long totalSteps, Double currentLoss,
        Double currentLearningRate, double progress, Double etaSeconds, Double audioSecondsPerSecond, Double stepTimeMs,
        Double stepTimeP50Ms, Double stepTimeP99Ms, Double valLoss, Double cer, ValidationResult lastValidation,
        String lastCheckpoint, List<String> latestLogs, TrainingError latestError, String serverTime) {

    public static final String IDLE = "idle";
    public static final String RUNNING = "running";
}
