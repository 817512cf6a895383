package dev.hark.core.runs;

import dev.hark.protocol.runs.RunInfo;
import dev.hark.protocol.runs.RunState;
import dev.hark.protocol.runs.ScalarPoint;
import dev.hark.protocol.runs.ScalarSeries;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Decides which {@link RunAlert}s a change of the runs deserves, each once: a run that was active and has ended
 * (finished, stopped, failed), the first non-finite value of a loss, and a validation metric whose last
 * {@code patience} values did not beat its best before them (raised again only after it improved). Which tags count:
 * {@link #isLoss} and {@link #isValidationMetric}, by the names PyTorch Lightning, Hugging Face, NeMo, ESPnet and
 * Hark write. Not thread-safe: one owner calls it (the alerts service's thread).
 */
public final class AlertRules {

    private final int patience;
    private final Set<String> raisedNonFinite = new HashSet<>();
    /** Per run and validation tag: the number of values when NOT_IMPROVING was raised (re-armed by an improvement). */
    private final Map<String, Integer> raisedStale = new HashMap<>();

    /** @param patience validations without a new best before {@link RunAlert.Kind#NOT_IMPROVING}; at least 1 */
    public AlertRules(int patience) {
        this.patience = Math.max(1, patience);
    }

    public int patience() {
        return patience;
    }

    /** A loss of any kind: the tag's name holds "loss" (train/loss, loss/val, val_loss, ...). */
    public static boolean isLoss(String tag) {
        return tag.toLowerCase(Locale.ROOT).contains("loss");
    }

    /**
     * A validation metric where lower is better: a word of the tag (split at anything not a letter or digit) names
     * held-out data (val, valid, validation, eval, evaluation, dev, test) and one names a loss, CER or WER.
     */
    public static boolean isValidationMetric(String tag) {
        Set<String> words = new HashSet<>(java.util.Arrays.asList(tag.toLowerCase(Locale.ROOT).split("[^a-z0-9]+")));
        boolean heldOut = words.stream().anyMatch(HELD_OUT::contains);
        return heldOut && (words.contains("loss") || words.contains("cer") || words.contains("wer"));
    }

    private static final Set<String> HELD_OUT = Set.of("val", "valid", "validation", "eval", "evaluation", "dev", "test");

    /** Runs of {@code after} that {@code before} had as active and that have now ended. */
    public List<RunAlert> ended(RunsSnapshot before, RunsSnapshot after) {
        Map<RunKey, RunState> was = new HashMap<>();
        for (SourceRuns s : before.sources()) {
            for (RunInfo r : s.runs()) {
                was.put(new RunKey(s.source(), r.id()), r.state());
            }
        }
        List<RunAlert> alerts = new ArrayList<>();
        for (SourceRuns s : after.sources()) {
            for (RunInfo r : s.runs()) {
                RunState previous = was.get(new RunKey(s.source(), r.id()));
                RunAlert.Kind kind = switch (r.state()) {
                    case FINISHED -> RunAlert.Kind.FINISHED;
                    case STOPPED -> RunAlert.Kind.STOPPED;
                    case FAILED -> RunAlert.Kind.FAILED;
                    default -> null;
                };
                if (previous == RunState.ACTIVE && kind != null) {
                    alerts.add(new RunAlert(new RunKey(s.source(), r.id()), r.name(), kind, "", -1, Double.NaN, r.detail()));
                }
            }
        }
        return alerts;
    }

    /** The alerts one tag's values call for ({@code series} is all of them, or a downsampling that keeps extremes and non-finite values). */
    public List<RunAlert> series(RunKey run, String runName, ScalarSeries series) {
        List<RunAlert> alerts = new ArrayList<>();
        String key = run.source() + "\u0000" + run.runId() + "\u0000" + series.tag();
        List<ScalarPoint> points = series.points();
        if (isLoss(series.tag()) && !raisedNonFinite.contains(key)) {
            for (ScalarPoint p : points) {
                if (!Double.isFinite(p.value())) {
                    raisedNonFinite.add(key);
                    alerts.add(new RunAlert(run, runName, RunAlert.Kind.NON_FINITE, series.tag(), p.step(), p.value(), ""));
                    break;
                }
            }
        }
        if (isValidationMetric(series.tag())) {
            stale(run, runName, series.tag(), key, points).ifPresent(alerts::add);
        }
        return alerts;
    }

    private java.util.Optional<RunAlert> stale(RunKey run, String runName, String tag, String key, List<ScalarPoint> points) {
        List<ScalarPoint> finite = points.stream().filter(p -> Double.isFinite(p.value())).toList();
        int n = finite.size();
        if (n <= patience) {
            return java.util.Optional.empty();
        }
        double best = Double.POSITIVE_INFINITY;
        for (int i = 0; i < n - patience; i++) {
            best = Math.min(best, finite.get(i).value());
        }
        double recent = Double.POSITIVE_INFINITY;
        for (int i = n - patience; i < n; i++) {
            recent = Math.min(recent, finite.get(i).value());
        }
        if (recent < best) {
            raisedStale.remove(key); // improved: a later stall is news again
            return java.util.Optional.empty();
        }
        if (raisedStale.containsKey(key)) {
            return java.util.Optional.empty();
        }
        raisedStale.put(key, n);
        ScalarPoint last = finite.get(n - 1);
        return java.util.Optional.of(new RunAlert(run, runName, RunAlert.Kind.NOT_IMPROVING, tag, last.step(), best, ""));
    }

    /** Forgets what was raised for runs that are gone (a removed source or a deleted run), so memory stays bounded. */
    public void retain(Set<RunKey> present) {
        raisedNonFinite.removeIf(k -> !present.contains(keyOf(k)));
        raisedStale.keySet().removeIf(k -> !present.contains(keyOf(k)));
    }

    private static RunKey keyOf(String key) {
        String[] parts = key.split("\u0000", 3);
        return new RunKey(parts[0], parts[1]);
    }
}
