package dev.hark.server.tests;

import dev.hark.testing.RunningServer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import dev.hark.core.audio.AudioFiles;
import dev.hark.core.audio.PcmFormat;
import dev.hark.testing.Await;
import dev.hark.testing.TestSocket;
import dev.hark.testing.WordErrorRate;
import dev.hark.training.dataset.DatasetEntry;
import dev.hark.training.dataset.DatasetReader;
import dev.hark.training.data.SyntheticVoice;
import dev.hark.training.run.CheckpointNames;

/**
 * Training through the REST API with real worker processes: a digits model trained on generated speech reaches
 * {@link #HELD_OUT_CER} on voices it never heard, streamed through {@code /ws}; a streaming session is served while
 * training runs; stop then resume continues from the checkpoint; kill -9 and out-of-memory of the worker leave the
 * server and the last checkpoint intact; corrupt dataset entries are skipped and counted.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TrainingApiTest {

    /**
     * Character error rate the digits model (24 epochs on 480 generated clips, about a minute of training) must reach on
     * 40 clips of held-out voices, streamed through /ws. Measured 0.25-0.28 on the 2-core build machine (0.32 after 14
     * epochs); generation and shuffling are seeded, so runs differ only by PyTorch's arithmetic. Since issue 15
     * (validation by held-out voices, augmentation, the host CTC loss) measured 0.390 (with 59 non-finite steps skipped,
     * since fixed) and 0.361 on a heavily shared machine, and CI once 0.428: those runs had batches come out NaN from
     * oneDNN's AVX-512 convolution (docs/benchmarks.md). With oneDNN limited to AVX2 and no batch skipped: 0.271 (twice),
     * and 0.312 with the narrow-band augmentation; AVX-512 again with the padded first convolution and batches filled
     * to a frame budget: see the figures in docs/benchmarks.md. With finals decoded into the training transcripts' words (the
     * model's lexicon): CER 0.192, WER 0.280; the bounds were 0.40 (CER only) before that.
     */
    static final double HELD_OUT_CER = 0.30;
    /** Word error rate the same must reach (digits: a word is wrong as soon as one character is). */
    static final double HELD_OUT_WER = 0.45;
    static final Duration LONG = Duration.ofMinutes(5);
    static final int EPOCHS = 24;
    static final String TRAIN = "digits-train";
    static final String HELD_OUT = "digits-heldout";

    @TempDir
    static Path data;
    static RunningServer server;

    /** Voices never used for training: all of espeak-ng's Caribbean English variants and flite's rms. */
    static boolean heldOut(SyntheticVoice v) {
        return v.voice().startsWith("en-029") || v.id().equals("flite:rms");
    }

    @BeforeAll
    static void startServer() throws Exception {
        server = RunningServer.start(data);
        JsonArray trainVoices = new JsonArray();
        JsonArray heldOutVoices = new JsonArray();
        for (SyntheticVoice v : SyntheticVoice.all()) {
            (heldOut(v) ? heldOutVoices : trainVoices).add(v.id());
        }
        generate(TRAIN, 480, 1, trainVoices);
        generate(HELD_OUT, 40, 7, heldOutVoices);
        awaitDataset(TRAIN);
        awaitDataset(HELD_OUT);
    }

    @AfterAll
    static void stopServer() throws Exception {
        server.close();
    }

    static void generate(String name, int count, long seed, JsonArray voices) throws Exception {
        JsonObject body = new JsonObject();
        body.addProperty("dataset_name", name);
        body.addProperty("kind", "digits");
        body.addProperty("count", count);
        body.addProperty("seed", seed);
        body.add("voices", voices);
        HttpResponse<String> r = post("/api/dataset/generate", body);
        assertEquals(200, r.statusCode(), r.body());
    }

    static void awaitDataset(String name) throws Exception {
        Await.until(LONG, "dataset " + name, () -> status(name).equals("downloaded"));
    }

    static String status(String name) {
        try {
            HttpResponse<String> r = server.get("/api/datasets/" + name);
            return r.statusCode() == 200 ? RunningServer.json(r.body()).get("status").getAsString() : "absent";
        } catch (Exception e) {
            return "error";
        }
    }

    static HttpResponse<String> post(String path, JsonObject body) throws Exception {
        return server.post(path, body);
    }

    static JsonObject progress() throws Exception {
        return RunningServer.json(server.get("/api/progress").body());
    }

    static JsonObject trainBody(String dataset, int epochs, int limit) {
        JsonObject b = new JsonObject();
        b.addProperty("model_name", "ctc");
        b.addProperty("dataset_name", dataset);
        b.addProperty("epochs", epochs);
        b.addProperty("batch_size", 8);
        b.addProperty("learning_rate", 0.004);
        b.addProperty("validation_split", 0.1);
        b.addProperty("limit_samples", limit);
        b.addProperty("resume_from_checkpoint", false);
        return b;
    }

    static void awaitIdle() throws Exception {
        assertTrue(server.server.trainingSupervisor().awaitIdle(10, java.util.concurrent.TimeUnit.MINUTES), "training did not end");
    }

    /** Streams a recording through v1 {@code /ws} with {@code model}; returns the final text. */
    static String recognize(String model, float[] samples16k) throws Exception {
        try (TestSocket socket = TestSocket.open(server.server.v1StreamUri())) {
            socket.text(V1StreamTest.start(model, 16_000, "i16"));
            awaitReady(socket);
            V1StreamTest.stream(socket, samples16k, PcmFormat.I16, 1600);
            return V1StreamTest.finalText(V1StreamTest.stopAndCollect(socket));
        }
    }

    /** Waits for the session's ready status; training broadcasts may arrive on the same socket first. */
    static void awaitReady(TestSocket socket) throws InterruptedException {
        socket.nextMatching(LONG, m -> Messages.isV1Status(m, "ready"), new ArrayList<>());
    }

    @Test
    @Order(1)
    void trainsDigitsWhileStreamingAndReachesTheCerOnHeldOutVoices() throws Exception {
        List<String> events = new CopyOnWriteArrayList<>();
        try (TestSocket monitor = TestSocket.open(server.server.v1StreamUri())) {
            HttpResponse<String> started = post("/api/train/start", trainBody(TRAIN, EPOCHS, 0));
            assertEquals(200, started.statusCode(), started.body());
            assertEquals("Training started in background.", RunningServer.json(started.body()).get("message").getAsString());
            assertTrue(RunningServer.json(server.get("/api/status").body()).get("is_training").getAsBoolean());
            assertEquals(409, post("/api/train/start", trainBody(TRAIN, 1, 0)).statusCode(), "a second run must be refused");

            // a streaming session (pocketsphinx digits grammar) while the worker trains
            Await.until(LONG, "the first training steps", () -> {
                try {
                    return progress().get("current_step").getAsLong() > 5;
                } catch (Exception e) {
                    return false;
                }
            });
            String digits = recognize("en-us-digits", Audio.utterance(Audio.DIGITS, 16_000));
            assertTrue(WordErrorRate.of(Audio.DIGITS, digits) <= 0.25, "streaming during training gave \"" + digits + "\"");
            assertTrue(server.server.trainingSupervisor().isTraining(), "training should still be running");

            awaitIdle();
            // the run's status broadcast may follow is_training=false by a moment: wait for it rather than race it
            List<String> before = new ArrayList<>();
            events.add(monitor.nextMatching(LONG, m -> Messages.isV1Status(m, "completed"), before));
            events.addAll(0, before);
            events.addAll(monitor.drain());
        }
        JsonObject p = progress();
        assertEquals("completed", p.get("status").getAsString(), p.toString());
        assertFalse(p.get("is_training").getAsBoolean());
        List<JsonObject> progressEvents = events.stream().filter(m -> Messages.type(m).equals("progress"))
                .map(m -> Messages.parse(m).getAsJsonObject("payload")).toList();
        assertTrue(progressEvents.size() >= 5, "progress events: " + progressEvents.size());
        long previous = -1;
        for (JsonObject e : progressEvents) {
            long step = e.get("step").getAsLong();
            assertTrue(step >= previous, "one step numbering, never going back: " + progressEvents);
            assertEquals(p.get("total_steps").getAsLong(), e.get("total_steps").getAsLong());
            previous = step;
        }
        assertTrue(events.stream().anyMatch(m -> Messages.type(m).equals("validation_result")), "validation results");
        assertTrue(events.stream().anyMatch(m -> Messages.isV1Status(m, "completed")), "completed status");
        JsonObject last = progressEvents.get(progressEvents.size() - 1);
        System.out.println("training: " + last + "; validation " + p.get("last_validation"));

        // the checkpoints are models now
        JsonArray models = RunningServer.json(server.get("/api/models?include=engine").body()).getAsJsonArray("models");
        String names = models.asList().stream().map(m -> m.getAsJsonObject().get("name").getAsString()).collect(Collectors.joining(","));
        assertTrue(names.contains("ctc-" + TRAIN + "-epoch-" + EPOCHS) && names.contains("ctc-" + TRAIN + "-latest"), names);
        // the trainable model's own name follows its newest checkpoint (v1 inferred "realtime" from its latest weights)
        JsonObject ctc = models.asList().stream().map(m -> m.getAsJsonObject()).filter(m -> m.get("name").getAsString().equals("ctc"))
                .findFirst().orElseThrow(() -> new AssertionError("ctc in " + names));
        assertTrue(ctc.get("description").getAsString().contains("(now ctc-" + TRAIN + "-epoch-" + EPOCHS + ")"), ctc.toString());
        // ...and /api/inference by that name says which checkpoint recognized, with the same result as naming it
        AudioFiles.Mono heard = AudioFiles.read(DatasetReader.read(data.resolve("datasets").resolve(HELD_OUT)).entries().get(0).audio());
        byte[] clip = RestApiTest.wav(heard.samples(), heard.sampleRate());
        JsonObject byName = RunningServer.json(RestApiTest.upload(server, "?model_name=ctc", "clip.wav", clip).body());
        JsonObject byCheckpoint = RunningServer.json(RestApiTest.upload(server, "?model_name=ctc-" + TRAIN + "-epoch-" + EPOCHS, "clip.wav", clip).body());
        assertEquals("ctc-" + TRAIN + "-epoch-" + EPOCHS, byName.has("checkpoint") ? byName.get("checkpoint").getAsString() : null, byName.toString());
        assertEquals(byCheckpoint.get("transcription"), byName.get("transcription"), byName + " vs " + byCheckpoint);
        JsonArray checkpoints = RunningServer.json(server.get("/api/checkpoints?model_name=ctc").body()).getAsJsonArray("checkpoints");
        assertEquals(5, checkpoints.size(), "retention keeps the last 5: " + checkpoints);
        JsonObject metadata = checkpoints.get(0).getAsJsonObject().getAsJsonObject("training_metadata");
        for (String key : List.of("model_name", "dataset_name", "training_start_time", "training_params", "model_config",
                "dataset_config", "training_config", "dataset_statistics", "current_epoch", "last_checkpoint_time")) {
            assertTrue(metadata.has(key), key + " in " + metadata);
        }

        JsonObject finalState = JsonParser.parseString(Files.readString(data.resolve("checkpoints").resolve(p.get("last_checkpoint").getAsString())
                .resolve("trainer_state.json"))).getAsJsonObject();
        assertEquals(0, finalState.get("skipped_steps").getAsLong(), "batches skipped as non-finite: " + finalState);

        // held-out voices, streamed through the trained model
        List<DatasetEntry> heldOut = DatasetReader.read(data.resolve("datasets").resolve(HELD_OUT)).entries();
        long edits = 0, chars = 0;
        List<String> refs = new ArrayList<>(), hyps = new ArrayList<>();
        for (DatasetEntry e : heldOut) {
            String hyp = recognize("ctc-" + TRAIN + "-latest", AudioFiles.read(e.audio()).samples());
            edits += dev.hark.core.eval.ErrorRate.characterEdits(e.text(), hyp);
            chars += e.text().length();
            refs.add(e.text());
            hyps.add(hyp);
        }
        double cer = (double) edits / chars;
        System.out.printf("held-out voices: CER %.3f, WER %.3f over %d clips; e.g. \"%s\" -> \"%s\"%n", cer,
                WordErrorRate.ofAll(refs, hyps), heldOut.size(), refs.get(0), hyps.get(0));
        assertTrue(cer <= HELD_OUT_CER, "CER on held-out voices " + cer + " > " + HELD_OUT_CER);
        double wer = WordErrorRate.ofAll(refs, hyps);
        assertTrue(wer <= HELD_OUT_WER, "WER on held-out voices " + wer + " > " + HELD_OUT_WER);
    }

    @Test
    @Order(2)
    void stopThenResumeContinuesFromTheCheckpoint() throws Exception {
        JsonObject body = trainBody(TRAIN, 300, 64);
        body.addProperty("keep_checkpoints", 0);
        String dataset = TRAIN;
        assertEquals(200, post("/api/train/start", body).statusCode());
        Await.until(LONG, "a checkpoint and a few more steps", () -> {
            try {
                JsonObject p = progress();
                return !p.get("last_checkpoint").isJsonNull() && p.get("current_step").getAsLong() > 30;
            } catch (Exception e) {
                return false;
            }
        });
        HttpResponse<String> stop = post("/api/train/stop", new JsonObject());
        assertEquals(200, stop.statusCode(), stop.body());
        assertEquals("Stop signal sent to training process.", RunningServer.json(stop.body()).get("message").getAsString());
        awaitIdle();
        JsonObject stopped = progress();
        assertEquals("stopped", stopped.get("status").getAsString(), stopped.toString());
        assertEquals(404, post("/api/train/stop", new JsonObject()).statusCode(), "stop while idle");
        String checkpoint = stopped.get("last_checkpoint").getAsString();
        Path dir = data.resolve("checkpoints").resolve(checkpoint);
        JsonObject state = JsonParser.parseString(Files.readString(dir.resolve("trainer_state.json"))).getAsJsonObject();
        long savedStep = state.get("global_step").getAsLong();
        // a batch whose loss is not finite is skipped without an update: the optimizer's count plus those is the step
        long skipped = state.get("skipped_steps").getAsLong();
        if (skipped > 0) {
            System.out.println("skipped batches: " + stopped.get("latest_logs"));
        }
        assertEquals(savedStep, state.get("optimizer_steps").getAsLong() + skipped, "optimizer state saved with the weights: " + state);
        // no batch may come out non-finite: oneDNN's AVX-512 convolution gave NaNs now and then (most runs of this test
        // skipped batches, some most of them) until the ctc trainer limited it to AVX2, and since issue 15's speed work
        // (AVX-512 again) until the network pads its first convolution's 40 input channels to 48 (CtcNetwork)
        assertEquals(0, skipped, "batches skipped as non-finite: " + stopped.get("latest_logs"));
        assertEquals("stopped", JsonParser.parseString(Files.readString(dir.resolve("training_metadata.json"))).getAsJsonObject()
                .get("training_status").getAsString());

        JsonObject resume = trainBody(dataset, 300, 64);
        HttpResponse<String> resumed = post("/api/train/resume", resume);
        assertEquals(200, resumed.statusCode(), resumed.body());
        assertEquals(checkpoint, RunningServer.json(resumed.body()).get("resumed_from").getAsString());
        AtomicReference<JsonObject> first = new AtomicReference<>();
        Await.until(LONG, "progress of the resumed run", () -> {
            try {
                JsonObject p = progress();
                if (p.get("run_id").getAsString().equals(RunningServer.json(resumed.body()).get("run_id").getAsString())
                        && p.get("current_step").getAsLong() > 0) {
                    first.set(p);
                    return true;
                }
                return false;
            } catch (Exception e) {
                return false;
            }
        });
        assertTrue(first.get().get("current_step").getAsLong() >= savedStep, "resumed at step " + first.get().get("current_step")
                + ", stopped at " + savedStep);
        assertTrue(first.get().get("latest_logs").toString().contains("resuming from " + checkpoint), first.get().toString());
        assertEquals(200, post("/api/train/stop", new JsonObject()).statusCode());
        awaitIdle();
        JsonObject again = progress();
        assertEquals("stopped", again.get("status").getAsString(), again.toString());
        // no checkpoint for a model/dataset pair that never trained
        JsonObject none = trainBody(HELD_OUT, 1, 0);
        assertEquals(404, post("/api/train/resume", none).statusCode());
        JsonObject badModel = trainBody(TRAIN, 1, 0);
        badModel.addProperty("model_name", "conformer");
        assertEquals(400, post("/api/train/start", badModel).statusCode());
        assertEquals(400, post("/api/train/start", trainBody("no-such-dataset", 1, 0)).statusCode());
    }

    @Test
    @Order(3)
    void killingTheWorkerFailsTheRunButNotTheServer() throws Exception {
        JsonObject body = trainBody(TRAIN, 300, 64);
        body.addProperty("resume_from_checkpoint", false);
        assertEquals(200, post("/api/train/start", body).statusCode());
        Await.until(LONG, "a checkpoint", () -> {
            try {
                JsonObject p = progress();
                return p.get("is_training").getAsBoolean() && !p.get("last_checkpoint").isJsonNull()
                        && p.get("current_step").getAsLong() > 20;
            } catch (Exception e) {
                return false;
            }
        });
        String checkpoint = progress().get("last_checkpoint").getAsString();
        long pid = server.server.trainingSupervisor().workerPid().orElseThrow();
        try (TestSocket streaming = TestSocket.open(server.server.v1StreamUri())) {
            streaming.text(V1StreamTest.start("en-us-digits", 16_000, "i16"));
            awaitReady(streaming);
            new ProcessBuilder("kill", "-9", Long.toString(pid)).start().waitFor();
            awaitIdle();
            // the session opened before the kill still works
            V1StreamTest.stream(streaming, Audio.utterance(Audio.DIGITS, 16_000), PcmFormat.I16, 1600);
            String text = V1StreamTest.finalText(V1StreamTest.stopAndCollect(streaming));
            assertTrue(WordErrorRate.of(Audio.DIGITS, text) <= 0.25, "streaming after the kill: \"" + text + "\"");
        }
        JsonObject p = progress();
        assertEquals("failed", p.get("status").getAsString(), p.toString());
        assertTrue(p.get("status_message").getAsString().contains("killed"), p.get("status_message").getAsString());
        assertTrue(p.has("latest_error"), p.toString());
        assertEquals("ok", RunningServer.json(server.get("/api/health").body()).get("status").getAsString());
        // the latest pointer names a complete checkpoint (older ones may have been pruned by retention meanwhile)
        String latest = Files.readString(data.resolve("checkpoints").resolve("ctc-" + TRAIN + "-latest")).strip();
        Path dir = data.resolve("checkpoints").resolve(latest);
        assertTrue(Files.isRegularFile(dir.resolve("weights.bin")) && Files.isRegularFile(dir.resolve("trainer_state.json"))
                && Files.isRegularFile(dir.resolve("optimizer.bin")), "the last checkpoint is intact");
        assertTrue(dev.hark.engine.ctc.model.Checkpoint.load(dir) != null);
        assertEquals(200, post("/api/train/resume", trainBody(TRAIN, 300, 64)).statusCode(), "resumable after the kill");
        assertEquals(200, post("/api/train/stop", new JsonObject()).statusCode());
        awaitIdle();
    }

    @Test
    @Order(4)
    void runningOutOfMemoryFailsTheRunWithTheReason() throws Exception {
        JsonObject body = trainBody(TRAIN, 1, 32);
        body.addProperty("exhaust_memory", true);
        body.addProperty("worker_heap_mb", 160);
        assertEquals(200, post("/api/train/start", body).statusCode());
        awaitIdle();
        JsonObject p = progress();
        assertEquals("failed", p.get("status").getAsString(), p.toString());
        assertTrue(p.get("status_message").getAsString().contains("out of memory"), p.get("status_message").getAsString());
        assertEquals("ok", RunningServer.json(server.get("/api/health").body()).get("status").getAsString());
    }

    @Test
    @Order(5)
    void corruptEntriesAreCountedAndSkipped() throws Exception {
        Path source = data.resolve("datasets").resolve(TRAIN);
        Path corrupt = Files.createDirectories(data.resolve("datasets").resolve("digits-corrupt").resolve("wavs"));
        List<String> lines = Files.readAllLines(source.resolve("manifest.jsonl")).subList(0, 40);
        List<String> out = new ArrayList<>();
        for (String line : lines) {
            JsonObject o = JsonParser.parseString(line).getAsJsonObject();
            String audio = o.get("audio").getAsString();
            Files.copy(source.resolve(audio), corrupt.getParent().resolve(audio));
            out.add(line);
        }
        Files.write(corrupt.resolve("empty.wav"), new byte[0]);
        Files.writeString(corrupt.resolve("text.wav"), "this is not audio");
        byte[] good = Files.readAllBytes(source.resolve(JsonParser.parseString(lines.get(0)).getAsJsonObject().get("audio").getAsString()));
        Files.write(corrupt.resolve("truncated.wav"), java.util.Arrays.copyOf(good, 30));
        out.add("{\"audio\":\"wavs/empty.wav\",\"text\":\"one\"}");
        out.add("{\"audio\":\"wavs/text.wav\",\"text\":\"two\"}");
        out.add("{\"audio\":\"wavs/truncated.wav\",\"text\":\"three\"}");
        out.add("{\"audio\":\"wavs/missing.wav\",\"text\":\"four\"}");
        out.add("{\"audio\":\"../../etc/passwd\",\"text\":\"five\"}");
        out.add("not json at all");
        out.add("{\"text\":\"no audio\"}");
        Files.write(corrupt.getParent().resolve("manifest.jsonl"), out);

        JsonObject listed = RunningServer.json(server.get("/api/datasets/digits-corrupt").body());
        assertEquals("downloaded", listed.get("status").getAsString(), listed.toString());
        assertEquals(40, listed.get("num_files").getAsInt(), listed.toString());
        assertEquals(7, listed.get("skipped_entries").getAsInt(), listed.toString());

        JsonObject body = trainBody("digits-corrupt", 1, 0);
        body.addProperty("validation_split", 0.0);
        assertEquals(200, post("/api/train/start", body).statusCode());
        awaitIdle();
        JsonObject p = progress();
        assertEquals("completed", p.get("status").getAsString(), p.toString());
        // the folder carries its run (ctc-digits-corrupt-r{start}-epoch-1); v1's name stands for the newest run's
        String folder = CheckpointNames.of(data.resolve("checkpoints")).resolve("ctc-digits-corrupt-epoch-1").orElseThrow();
        JsonObject metadata = JsonParser.parseString(Files.readString(data.resolve("checkpoints").resolve(folder)
                .resolve("training_metadata.json"))).getAsJsonObject();
        JsonObject stats = metadata.getAsJsonObject("dataset_statistics");
        assertEquals(40, stats.get("train_samples").getAsInt(), stats.toString());
        assertEquals(7, stats.get("skipped_samples").getAsInt(), stats.toString());
        String logs = p.get("latest_logs").toString();
        assertTrue(logs.contains("skipped"), logs);
    }

    /**
     * Two runs of the same model and dataset both keep their checkpoints (issue 12): each run's folders carry its run
     * tag; v1 lists the newest run's under v1's names and the earlier run's under their own, and either name infers and
     * resumes.
     */
    @Test
    @Order(6)
    void twoRunsOfTheSameModelAndDatasetBothKeepTheirCheckpoints() throws Exception {
        Path checkpoints = data.resolve("checkpoints");
        String series = "ctc-" + HELD_OUT + "-";
        List<String> runIds = new ArrayList<>();
        for (int run = 0; run < 2; run++) {
            JsonObject body = trainBody(HELD_OUT, 2, 0);
            HttpResponse<String> started = post("/api/train/start", body);
            assertEquals(200, started.statusCode(), started.body());
            runIds.add(RunningServer.json(started.body()).get("run_id").getAsString());
            awaitIdle();
            assertEquals("completed", progress().get("status").getAsString(), progress().toString());
        }
        assertFalse(runIds.get(0).equals(runIds.get(1)), runIds.toString());
        List<String> folders;
        try (var list = Files.list(checkpoints)) {
            folders = list.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(series) && n.contains("-epoch-")).sorted().toList();
        }
        assertEquals(4, folders.size(), "both runs' two epochs on disk: " + folders);
        java.util.Set<String> tags = folders.stream().map(n -> dev.hark.training.run.CheckpointLayout.parse(n).orElseThrow().tag())
                .collect(Collectors.toSet());
        assertEquals(2, tags.size(), "two run tags: " + folders);
        String older = folders.get(0).replaceAll("-epoch-\\d+$", "");
        String newer = folders.get(3).replaceAll("-epoch-\\d+$", "");
        assertTrue(older.compareTo(newer) < 0, folders.toString());

        // v1's list: the newest run under v1's names, the earlier one under its own; model and epoch as the frontend parses them
        JsonArray listed = RunningServer.json(server.get("/api/checkpoints?model_name=ctc&dataset_name=" + HELD_OUT).body())
                .getAsJsonArray("checkpoints");
        List<String> names = names(listed);
        assertEquals(java.util.Set.of(series + "epoch-1", series + "epoch-2", older + "-epoch-1", older + "-epoch-2"),
                new java.util.HashSet<>(names), names.toString());
        for (JsonElement e : listed) {
            JsonObject c = e.getAsJsonObject();
            assertEquals("ctc", c.get("name").getAsString().split("-")[0]);
            assertEquals(c.get("epoch").getAsInt(), Integer.parseInt(c.get("name").getAsString().split("-epoch-")[1]));
            assertTrue(Files.isDirectory(Path.of(c.get("path").getAsString())), c.toString());
        }
        List<String> models = names(RunningServer.json(server.get("/api/models").body()).getAsJsonArray("models"));
        assertTrue(models.containsAll(names), models.toString());

        // inference by either name; the reply names the checkpoint as it is listed
        AudioFiles.Mono heard = AudioFiles.read(DatasetReader.read(data.resolve("datasets").resolve(HELD_OUT)).entries().get(0).audio());
        byte[] clip = RestApiTest.wav(heard.samples(), heard.sampleRate());
        for (String[] asked : new String[][] { { series + "epoch-2", series + "epoch-2" }, { newer + "-epoch-2", series + "epoch-2" },
                { older + "-epoch-2", older + "-epoch-2" } }) {
            HttpResponse<String> r = RestApiTest.upload(server, "?model_name=" + asked[0], "clip.wav", clip);
            assertEquals(200, r.statusCode(), asked[0] + ": " + r.body());
            assertEquals(asked[1], RunningServer.json(r.body()).get("checkpoint").getAsString(), asked[0] + ": " + r.body());
        }

        // resume from the newest run's checkpoint by v1's name, then from the earlier run's by its own (in this order: a
        // resumed run is a run of its own, and once it saved a checkpoint v1's names stand for its checkpoints)
        for (String[] asked : new String[][] { { series + "epoch-2", newer + "-epoch-2" }, { older + "-epoch-1", older + "-epoch-1" } }) {
            JsonObject resume = trainBody(HELD_OUT, 3, 0);
            resume.addProperty("specific_checkpoint", asked[0]);
            HttpResponse<String> resumed = post("/api/train/resume", resume);
            assertEquals(200, resumed.statusCode(), resumed.body());
            assertEquals(asked[1], RunningServer.json(resumed.body()).get("resumed_from").getAsString(), resumed.body());
            post("/api/train/stop", new JsonObject());
            awaitIdle();
        }
        try (var list = Files.list(checkpoints)) {
            assertTrue(list.map(p -> p.getFileName().toString()).toList().containsAll(folders), "no run removed another's checkpoints");
        }
    }

    static List<String> names(JsonArray a) {
        List<String> out = new ArrayList<>();
        for (JsonElement e : a) {
            out.add(e.getAsJsonObject().get("name").getAsString());
        }
        return out;
    }
}
