package dev.hark.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import dev.hark.protocol.rest.ProgressReport;
import dev.hark.protocol.training.TrainingError;
import dev.hark.protocol.training.TrainingLog;
import dev.hark.protocol.training.TrainingMessage;
import dev.hark.protocol.training.TrainingProgress;

/**
 * Turns successive {@code /api/progress} reports of a server without an event stream (asr-test) into the
 * messages they stand for: the progress while a run goes on (an asr-test server zeroes the numbers when a run
 * ends, so an idle report says nothing and the finished run's last values stay), the new lines of
 * {@code latest_logs} as logs (the list is a moving tail: lines already seen are not repeated), and
 * {@code latest_error} once. With {@code progress == false} only logs and errors come out (the progress
 * arrives over {@code /ws}). Not thread-safe: one monitor thread uses it.
 */
public final class ProgressReports {

    private List<String> lastLogs = List.of();
    private TrainingError lastError;

    public List<TrainingMessage> next(ProgressReport p, boolean progress) {
        List<TrainingMessage> out = new ArrayList<>();
        if (progress && p.isTraining()) {
            out.add(TrainingMonitor.progressOf(p));
        }
        List<String> logs = p.latestLogs() == null ? List.of() : p.latestLogs();
        for (String line : newLines(lastLogs, logs)) {
            out.add(new TrainingLog(level(line), line));
        }
        lastLogs = List.copyOf(logs);
        TrainingError e = p.latestError();
        if (e != null && !Objects.equals(e, lastError)) {
            out.add(e);
        }
        lastError = e;
        return out;
    }

    /** The lines of {@code now} after the longest tail of {@code before} that {@code now} starts with. */
    static List<String> newLines(List<String> before, List<String> now) {
        for (int start = 0; start < before.size(); start++) {
            List<String> tail = before.subList(start, before.size());
            if (tail.size() <= now.size() && now.subList(0, tail.size()).equals(tail)) {
                return now.subList(tail.size(), now.size());
            }
        }
        return now;
    }

    /** asr-test's lines read "[LEVEL] message" or "... - LEVEL - message"; INFO when neither. */
    static String level(String line) {
        for (String l : List.of("ERROR", "WARNING", "DEBUG", "INFO")) {
            if (line.startsWith("[" + l + "]") || line.contains(" " + l + " ") || line.contains(" - " + l + " -")) {
                return l;
            }
        }
        return "INFO";
    }

    /**
     * A v1 server's {@code /ws} progress broadcasts mix two numberings: the global step of the run and, every
     * {@code log_interval}, the step within the epoch (a smaller {@code total_steps}). Keeps the global one:
     * a progress whose total is below the largest seen since the run's start ({@code starting}/{@code resuming}
     * status) is dropped.
     */
    public static final class BroadcastFilter {
        private long largestTotal;

        public boolean keep(TrainingMessage m) {
            if (m instanceof dev.hark.protocol.training.TrainingStatus s && ("starting".equals(s.status()) || "resuming".equals(s.status()))) {
                largestTotal = 0; // a new run: its total may be smaller than the last run's
            }
            if (!(m instanceof TrainingProgress p)) {
                return true;
            }
            if (p.totalSteps() < largestTotal) {
                return false;
            }
            largestTotal = p.totalSteps();
            return true;
        }
    }
}
