package dev.hark.engine.ctc.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import dev.hark.engine.ctc.model.AcousticModel;
import dev.hark.engine.ctc.model.Checkpoint;
import dev.hark.engine.ctc.model.LogMel;
import dev.hark.training.run.RunSpec;
import dev.hark.training.run.WorkerProtocol;

/**
 * A whole (tiny) run in this JVM: 12 utterances of tones ("a" = 500 Hz, "b" = 1500 Hz), two of them broken, trained
 * for two epochs; the messages the supervisor gets, in order, and the checkpoints; then stop and resume.
 */
class TrainingRunTest {

    @TempDir
    static Path dir;
    static Path dataset;

    @BeforeAll
    static void dataset() throws IOException {
        Djl.engine();
        dataset = Files.createDirectories(dir.resolve("tones"));
        StringBuilder manifest = new StringBuilder();
        String[] texts = { "a", "b", "ab", "ba", "aab", "bba" };
        for (int i = 0; i < 12; i++) {
            String text = texts[i % texts.length];
            double[] hz = text.chars().mapToDouble(c -> c == 'a' ? 500 : 1500).toArray();
            // every other file at 8 kHz: the run resamples
            Wav.tones(dataset.resolve("u" + i + ".wav"), i % 2 == 0 ? 16_000 : 8_000, 0.25, hz);
            manifest.append("{\"audio\": \"u").append(i).append(".wav\", \"text\": \"").append(text.toUpperCase()).append("!\"}\n");
        }
        Files.writeString(dataset.resolve("broken.wav"), "not audio at all");
        manifest.append("{\"audio\": \"broken.wav\", \"text\": \"a\"}\n");
        manifest.append("{\"audio\": \"missing.wav\", \"text\": \"a\"}\n");
        Files.writeString(dataset.resolve("manifest.jsonl"), manifest);
    }

    static List<String> types(Lines lines) {
        return lines.messages().stream().map(m -> m.get("type").getAsString()).toList();
    }

    @Test
    void trainsValidatesCheckpointsAndReports() throws Exception {
        Path checkpoints = dir.resolve("run1");
        RunSpec spec = Specs.of(dataset, checkpoints, 2, 4, 1);
        Lines lines = new Lines();
        assertEquals(TrainingRun.Outcome.COMPLETED, new TrainingRun(spec, lines.protocol, () -> false).run());

        List<String> logs = lines.logs();
        assertEquals("skipped entry: missing: audio file missing.wav is missing", logs.get(0), logs.toString());
        assertEquals("dataset ds (manifest): 10 training and 3 validation utterances, 1 entries skipped", logs.get(1));
        assertTrue(logs.stream().anyMatch(l -> l.startsWith("skipped broken (broken.wav): ")), logs.toString());
        assertTrue(logs.stream().anyMatch(l -> l.matches("loaded (9 training and 3|10 training and 2) validation utterances, "
                + "0\\.\\d min of training audio; vocabulary of 2 characters; 2 entries skipped")), logs.toString());
        assertTrue(logs.stream().anyMatch(l -> l.matches("training ctc on ds: 2 epochs of about \\d+ steps \\(batches of about 4 utterances, \\d+ padded frames at most\\), \\d+ parameters, "
                + "1 intra-op thread\\(s\\), oneDNN up to (the CPU's best|\\w+)")), logs.toString());

        // initial progress, then per epoch: progress, validation, the epoch's log line, checkpoint, "saved"
        List<String> types = types(lines);
        int first = types.indexOf(WorkerProtocol.PROGRESS);
        List<JsonObject> progress = lines.payloads(WorkerProtocol.PROGRESS);
        assertTrue(progress.get(0).get("loss").isJsonNull());
        assertEquals(0, progress.get(0).get("step").getAsLong());
        long total = progress.get(0).get("total_steps").getAsLong();
        JsonObject last = progress.get(progress.size() - 1);
        assertEquals(total, last.get("step").getAsLong());
        assertEquals(2, last.get("epoch").getAsInt());
        assertTrue(Double.isFinite(last.get("loss").getAsDouble()));
        assertEquals(0.0, last.get("eta_seconds").getAsDouble());
        assertEquals(total, last.get("steps_this_run").getAsLong());
        // the last epoch: progress, validation, the epoch's line, pruning's line, the checkpoint and its line; then the
        // training steps' totals
        List<String> tail = types.subList(types.size() - 7, types.size());
        assertEquals(List.of(WorkerProtocol.PROGRESS, WorkerProtocol.VALIDATION_RESULT, WorkerProtocol.LOG, WorkerProtocol.LOG,
                WorkerProtocol.CHECKPOINT, WorkerProtocol.LOG, WorkerProtocol.LOG), tail, types.toString());
        assertTrue(logs.get(logs.size() - 1).matches("training steps: " + total + " steps, \\d+\\.\\d s of audio, \\d+\\.\\d\\d CPU s, "
                + "\\d+\\.\\d\\d wall s; \\d+\\.\\d audio s per CPU s; step p50 \\d+\\.\\d\\d ms, p99 \\d+\\.\\d\\d ms"
                + "; after the first epoch p50 \\d+\\.\\d\\d ms, p99 \\d+\\.\\d\\d ms"
                + "; after the first epoch p99 of step / local median \\d+\\.\\d\\d"
                + "; CPU s by thread: training \\d+\\.\\d\\d, batches \\d+\\.\\d\\d, others -?\\d+\\.\\d\\d"), logs.toString());
        assertTrue(first > 0);

        List<JsonObject> validations = lines.payloads(WorkerProtocol.VALIDATION_RESULT);
        assertEquals(2, validations.size());
        JsonObject v = validations.get(1);
        assertEquals(2, v.get("epoch").getAsInt());
        int validation = v.get("validation_samples").getAsInt();
        assertTrue(validation == 2 || validation == 3, v.toString());
        assertTrue(v.get("cer").getAsDouble() >= 0);
        // (the first run in a JVM has once gone non-finite in its second epoch: then val_loss is null)
        assertTrue(v.get("val_loss").isJsonNull() || v.get("val_loss").getAsDouble() > 0, v.toString());
        assertEquals(validation, v.getAsJsonArray("examples").size());
        assertTrue(logs.stream().anyMatch(l -> l.matches("epoch 2/2: train loss \\d+\\.\\d{4}, validation loss (\\d+\\.\\d{4}|NaN), CER \\d+\\.\\d\\d %")),
                logs.toString());

        List<JsonObject> saved = lines.payloads(WorkerProtocol.CHECKPOINT);
        assertEquals(List.of("ctc-ds-epoch-1", "ctc-ds-epoch-2"), saved.stream().map(p -> p.get("name").getAsString()).toList());
        assertEquals(List.of("running", "completed"), saved.stream().map(p -> p.get("status").getAsString()).toList());
        assertTrue(logs.contains("removed old checkpoint ctc-ds-epoch-1 (keeping the last 1)"), logs.toString());

        Path folder = checkpoints.resolve("ctc-ds-epoch-2");
        assertEquals(List.of("ctc-ds-epoch-2", "ctc-ds-latest"), list(checkpoints));
        for (String file : new String[] { Checkpoint.PARAMS, Checkpoint.OPTIMIZER, Checkpoint.WEIGHTS, Checkpoint.CONFIG, Checkpoint.STATE,
                Checkpoint.METADATA }) {
            assertTrue(Files.isRegularFile(folder.resolve(file)), file);
        }
        JsonObject metadata = Checkpoint.metadata(folder);
        assertEquals("completed", metadata.get("training_status").getAsString());
        assertEquals(2, metadata.get("current_epoch").getAsInt());
        assertEquals(total, metadata.get("global_step").getAsLong());
        JsonObject stats = metadata.getAsJsonObject("dataset_statistics");
        assertEquals(14, stats.get("dataset_entries").getAsInt());
        assertEquals(2, stats.get("skipped_samples").getAsInt());
        assertEquals(12, stats.get("total_samples").getAsInt());
        assertEquals(validation, stats.get("validation_samples").getAsInt());
        assertEquals("linear warm-up, cosine decay to 10 %", metadata.getAsJsonObject("training_params").get("scheduler").getAsString());
        assertTrue(metadata.has("training_end_time") && metadata.has("cer"));

        // the plain-Java model reads the weights and gives one output frame per four feature frames
        AcousticModel model = Checkpoint.load(folder);
        float[][] scores = model.forward(new LogMel().compute(new float[8000]));
        assertEquals(12, scores.length, "48 feature frames");
        assertEquals(3, scores[0].length, "the blank, a and b");
        // the training transcripts' few words go with the checkpoint, and the model decodes its finals into them
        assertTrue(java.util.Set.of("a", "b", "ab", "ba", "aab", "bba").containsAll(model.lexicon().words()) && !model.lexicon().isEmpty(),
                "lexicon " + model.lexicon().words());
    }

    @Test
    void stopsWithACheckpointAndResumesWhereItStopped() throws Exception {
        Path checkpoints = dir.resolve("run2");
        RunSpec spec = Specs.of(dataset, checkpoints, 2, 4, 0);
        Files.createDirectories(checkpoints.resolve(".ctc-ds-epoch-9.tmp-1"));
        Lines lines = new Lines();
        AtomicInteger asked = new AtomicInteger();
        assertEquals(TrainingRun.Outcome.STOPPED, new TrainingRun(spec, lines.protocol, () -> asked.incrementAndGet() > 2).run());
        List<String> logs = lines.logs();
        assertEquals("removed a half-written checkpoint folder .ctc-ds-epoch-9.tmp-1", logs.get(0));
        assertTrue(logs.contains("stop requested: saving a checkpoint at epoch 1, step 2"), logs.toString());
        JsonObject saved = lines.payloads(WorkerProtocol.CHECKPOINT).get(0);
        assertEquals("ctc-ds-epoch-1", saved.get("name").getAsString());
        assertEquals("stopped", saved.get("status").getAsString());
        assertEquals(2, saved.get("global_step").getAsLong());
        Path folder = checkpoints.resolve("ctc-ds-epoch-1");
        JsonObject state = JsonParser.parseString(Files.readString(folder.resolve(Checkpoint.STATE))).getAsJsonObject();
        assertEquals(0, state.get("epoch").getAsInt());
        assertEquals(2, state.get("step_in_epoch").getAsInt());
        // a batch whose loss or gradients are not finite is skipped with a warning and the optimizer does not step
        // (not deterministic on CPU): the state counts those
        long skippedBefore = logs.stream().filter(l -> l.startsWith("non-finite ")).count();
        assertEquals(skippedBefore, state.get("skipped_steps").getAsLong(), logs.toString());
        assertEquals(2 - skippedBefore, state.get("optimizer_steps").getAsLong());
        assertFalse(Checkpoint.metadata(folder).has("cer"));

        Lines resumed = new Lines();
        assertEquals(TrainingRun.Outcome.COMPLETED, new TrainingRun(Specs.resuming(spec, folder), resumed.protocol, () -> false).run());
        assertTrue(resumed.logs().contains("resuming from ctc-ds-epoch-1 (epoch 0, step 2)"), resumed.logs().toString());
        List<JsonObject> progress = resumed.payloads(WorkerProtocol.PROGRESS);
        assertEquals(2, progress.get(0).get("step").getAsLong(), "continues at the step it stopped at");
        assertEquals(0, progress.get(0).get("steps_this_run").getAsLong());
        JsonObject last = progress.get(progress.size() - 1);
        long total = last.get("total_steps").getAsLong();
        assertEquals(total, last.get("step").getAsLong());
        assertEquals(total - 2, last.get("steps_this_run").getAsLong());
        JsonObject finalState = JsonParser.parseString(Files.readString(checkpoints.resolve("ctc-ds-epoch-2").resolve(Checkpoint.STATE)))
                .getAsJsonObject();
        long skippedAfter = resumed.logs().stream().filter(l -> l.startsWith("non-finite ")).count();
        assertEquals(skippedBefore + skippedAfter, finalState.get("skipped_steps").getAsLong(), "skipped steps survive the resume too");
        assertEquals(total - skippedBefore - skippedAfter, finalState.get("optimizer_steps").getAsLong(),
                "the optimizer's step count survived the resume");
        assertEquals(List.of("ctc-ds-epoch-1", "ctc-ds-epoch-2", "ctc-ds-latest"), list(checkpoints));
    }

    static List<String> list(Path folder) throws IOException {
        try (Stream<Path> s = Files.list(folder)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /**
     * A checkpoint saved mid-epoch before batches were filled to a frame budget has a {@code step_in_epoch} into
     * batches cut differently: its epoch starts over (with a warning) rather than skipping or repeating utterances.
     */
    @Test
    void aMidEpochCheckpointOfAnotherBatchingStartsItsEpochOver() throws Exception {
        Path checkpoints = dir.resolve("run3");
        RunSpec spec = Specs.of(dataset, checkpoints, 1, 4, 0);
        AtomicInteger asked = new AtomicInteger();
        assertEquals(TrainingRun.Outcome.STOPPED, new TrainingRun(spec, new Lines().protocol, () -> asked.incrementAndGet() > 1).run());
        Path folder = checkpoints.resolve("ctc-ds-epoch-1");
        JsonObject state = JsonParser.parseString(Files.readString(folder.resolve(Checkpoint.STATE))).getAsJsonObject();
        assertEquals(Batches.VERSION, state.get("batching").getAsInt());
        assertEquals(1, state.get("step_in_epoch").getAsInt());
        state.remove("batching"); // as an older version saved it
        Files.writeString(folder.resolve(Checkpoint.STATE), state.toString());

        Lines resumed = new Lines();
        assertEquals(TrainingRun.Outcome.COMPLETED, new TrainingRun(Specs.resuming(spec, folder), resumed.protocol, () -> false).run());
        assertTrue(resumed.logs().contains("the checkpoint was saved in the middle of epoch 1 by a version that cut epochs into batches "
                + "differently: epoch 1 starts over"), resumed.logs().toString());
        int batches = Batches.ofEpoch(TrainingData.load(spec, new Lines().protocol, null).train, 4, spec.seed(), 0).size();
        List<JsonObject> progress = resumed.payloads(WorkerProtocol.PROGRESS);
        assertEquals(1 + batches, progress.get(progress.size() - 1).get("step").getAsLong(), "the whole epoch again after the step saved");
    }
}
