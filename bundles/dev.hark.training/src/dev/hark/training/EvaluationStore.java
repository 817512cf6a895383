package dev.hark.training;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import dev.hark.protocol.ProtocolException;
import dev.hark.protocol.ProtocolJson;
import dev.hark.protocol.SafeNames;
import dev.hark.protocol.runs.EvaluationBest;
import dev.hark.protocol.runs.EvaluationRecord;

/**
 * The evaluations of a run's checkpoints, kept beside its history: {@code runs/{id}/evaluations/{eid}.json}, one
 * {@link EvaluationRecord} each (with its utterances), written whole and moved into place. They go with the run's
 * folder when the run is deleted. An evaluation still "running" on disk when the server starts was cut off by a stop:
 * it is read as failed. Thread-safe (each write replaces a file atomically).
 */
public final class EvaluationStore {

    static final String FOLDER = "evaluations";
    static final String INTERRUPTED = "the server stopped while the evaluation was in progress";

    private final Path runs;

    EvaluationStore(Path runs) {
        this.runs = runs;
    }

    /** Writes (or replaces) an evaluation's record; the run's folder must exist. */
    public void write(EvaluationRecord r) throws IOException {
        if (!SafeNames.isValid(r.runId()) || !SafeNames.isValid(r.id()) || !Files.isDirectory(runs.resolve(r.runId()))) {
            throw new IOException("no run folder for " + r.runId()); // a deleted run is not brought back
        }
        Path dir = runs.resolve(r.runId()).resolve(FOLDER);
        Files.createDirectories(dir);
        Path tmp = dir.resolve("." + r.id() + ".json.tmp");
        Files.writeString(tmp, ProtocolJson.toJson(r));
        Files.move(tmp, dir.resolve(r.id() + ".json"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** A run's evaluations, newest first, without their utterances. */
    public List<EvaluationRecord> list(String runId) {
        List<EvaluationRecord> out = new ArrayList<>();
        Path dir = runs.resolve(runId).resolve(FOLDER);
        if (!SafeNames.isValid(runId) || !Files.isDirectory(dir)) {
            return out;
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".json")).toList()) {
                String name = f.getFileName().toString();
                read(runId, name.substring(0, name.length() - ".json".length())).ifPresent(r -> out.add(r.withoutUtterances()));
            }
        } catch (IOException e) {
            return out;
        }
        out.sort(Comparator.comparing((EvaluationRecord r) -> r.startedAt() == null ? "" : r.startedAt()).reversed()
                .thenComparing(EvaluationRecord::id, Comparator.reverseOrder()));
        return out;
    }

    /** One evaluation with its utterances, if the run has it (an invalid id has none). */
    public Optional<EvaluationRecord> read(String runId, String evaluationId) {
        if (!SafeNames.isValid(runId) || !SafeNames.isValid(evaluationId)) {
            return Optional.empty();
        }
        Path file = runs.resolve(runId).resolve(FOLDER).resolve(evaluationId + ".json");
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            EvaluationRecord r = ProtocolJson.fromJson(Files.readString(file), EvaluationRecord.class);
            if (!evaluationId.equals(r.id()) || !runId.equals(r.runId())) {
                return Optional.empty();
            }
            return Optional.of(r);
        } catch (IOException | ProtocolException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Marks evaluations still "running" on disk as failed (none runs when the server starts). */
    void recoverInterrupted(List<String> runIds) {
        for (String run : runIds) {
            for (EvaluationRecord r : list(run)) {
                if (!r.ended()) {
                    read(run, r.id()).ifPresent(full -> {
                        try {
                            write(new EvaluationRecord(full.id(), full.runId(), full.checkpoint(), full.checkpointFolder(), full.dataset(),
                                    full.split(), full.limit(), EvaluationRecord.FAILED, INTERRUPTED, full.done(), full.total(),
                                    full.startedAt(), full.startedAt(), full.summary(), full.utterances()));
                        } catch (IOException e) {
                            // listed as it is
                        }
                    });
                }
            }
        }
    }

    /** The run's best completed evaluation (lowest WER, then CER, then newest), or null. */
    public EvaluationBest best(String runId) {
        return list(runId).stream().filter(r -> EvaluationRecord.COMPLETED.equals(r.status()) && r.summary() != null
                && r.summary().utterances() > 0)
                .min(Comparator.comparingDouble((EvaluationRecord r) -> r.summary().wer()).thenComparingDouble(r -> r.summary().cer()))
                .map(r -> new EvaluationBest(r.id(), r.checkpoint(), r.dataset(), r.split(), r.summary().utterances(), r.summary().wer(),
                        r.summary().cer()))
                .orElse(null);
    }
}
