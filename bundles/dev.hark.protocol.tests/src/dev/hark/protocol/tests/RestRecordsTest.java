package dev.hark.protocol.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.hark.protocol.ProtocolException;
import dev.hark.protocol.ProtocolJson;
import dev.hark.protocol.rest.BulkDeleteResult;
import dev.hark.protocol.rest.CheckpointList;
import dev.hark.protocol.rest.DatasetInfo;
import dev.hark.protocol.rest.DatasetList;
import dev.hark.protocol.rest.Health;
import dev.hark.protocol.rest.InferenceResult;
import dev.hark.protocol.rest.ModelEntry;
import dev.hark.protocol.rest.ModelList;
import dev.hark.protocol.rest.ProgressReport;
import dev.hark.protocol.rest.ServerConfig;
import dev.hark.protocol.rest.TimedText;
import dev.hark.protocol.rest.TrainRequest;
import dev.hark.protocol.rest.TrainingDefaults;
import dev.hark.protocol.training.DatasetProgress;

/** REST bodies: Hark's own round trips, snake_case on the wire, and the shapes the asr-test backend sends. */
class RestRecordsTest {

    private static <T> T roundTrip(T value, Class<T> type) throws ProtocolException {
        return ProtocolJson.fromJson(ProtocolJson.toJson(value), type);
    }

    @Test
    void everyRecordRoundTrips() throws Exception {
        Health h = new Health("ok", "hark/0.1.0", List.of(1, 2), 3);
        assertEquals(h, roundTrip(h, Health.class));
        ServerConfig c = new ServerConfig(List.of("en-us"), List.of("digits"), TrainingDefaults.of(List.of("ctc")), "en-us", "conformer");
        assertEquals(c, roundTrip(c, ServerConfig.class));
        BulkDeleteResult b = new BulkDeleteResult(List.of("a"), List.of(new BulkDeleteResult.Failure("b", "no such")), "deleted 1 of 2");
        assertEquals(b, roundTrip(b, BulkDeleteResult.class));
        InferenceResult i = new InferenceResult("one two", 12.5, 30.0, 45.1, "en-us", 1.25, List.of(new TimedText("one two", 0.1, 1.2)), "ctc-digits-epoch-3");
        assertEquals(i, roundTrip(i, InferenceResult.class));
        DatasetInfo d = new DatasetInfo("digits", DatasetInfo.STATUS_GENERATING, "/d", 0, 0, 0, null, List.of(),
                new DatasetInfo.Config("ljspeech", 16000, 0.05, null, null, null), DatasetProgress.of("digits", "generate", 5, 10), null);
        assertEquals(d, roundTrip(d, DatasetInfo.class));
        TrainRequest t = TrainRequest.of("ctc", "digits", 3, 8, 100, null);
        assertEquals(t, roundTrip(t, TrainRequest.class));
    }

    @Test
    void fieldsAreSnakeCaseOnTheWire() {
        String json = ProtocolJson.toJson(TrainRequest.of("ctc", "digits", 3, 8, 0, "ctc-digits-epoch-1"));
        assertTrue(json.contains("\"model_name\":\"ctc\""), json);
        assertTrue(json.contains("\"batch_size\":8"), json);
        assertTrue(json.contains("\"specific_checkpoint\":\"ctc-digits-epoch-1\""), json);
        assertTrue(json.contains("\"resume_from_checkpoint\":true"), json);
    }

    @Test
    void wrongTypesAreRefusedWithAClearError() {
        ProtocolException e = assertThrows(ProtocolException.class,
                () -> ProtocolJson.fromJson("{\"epochs\": 2.7}", TrainRequest.class));
        assertEquals("bad_json", e.code());
        assertThrows(ProtocolException.class, () -> ProtocolJson.fromJson("{\"epochs\": \"ten\"}", TrainRequest.class));
        assertThrows(ProtocolException.class, () -> ProtocolJson.fromJson("{\"epochs\": 1} trailing", TrainRequest.class));
        assertThrows(ProtocolException.class, () -> ProtocolJson.fromJson("", TrainRequest.class));
        assertThrows(ProtocolException.class, () -> ProtocolJson.fromJson("[1]", TrainRequest.class));
    }

    /** {@code GET /checkpoints} of the asr-test backend: created_at is epoch seconds, no engine fields. */
    @Test
    void readsTheAsrTestBackendsCheckpoints() throws Exception {
        String v1 = """
                {"checkpoints": [{"name": "realtime-ljspeech-epoch-3", "model_name": "realtime", "dataset_name": "ljspeech",
                "epoch": 3, "path": "/app/checkpoints/realtime-ljspeech-epoch-3", "size_mb": 42.17, "file_count": 2,
                "created_at": 1732700000.123, "files": ["model.pt", "training_metadata.json"]}]}""";
        ModelEntry e = ProtocolJson.fromJson(v1, CheckpointList.class).checkpoints().get(0);
        assertEquals("realtime", e.modelName());
        assertEquals(3, e.epoch());
        assertEquals(42.17, e.sizeMb());
        assertEquals("1732700000.123", e.createdAt());
        assertNull(e.engine());
    }

    /** {@code GET /models} of the asr-test backend: epoch as a string, training metadata free-form. */
    @Test
    void readsTheAsrTestBackendsModels() throws Exception {
        String v1 = """
                {"models": [{"name": "realtime-ljspeech-epoch-2", "path": "/app/models/x", "epoch": "2", "dataset_name": "ljspeech",
                "size_mb": 1.5, "file_count": 3, "created_at": 1732700000.5, "files": ["a"],
                "training_metadata": {"current_epoch": 2, "val_loss": 0.91, "training_params": {"batch_size": 8}},
                "training_params": {"batch_size": 8}}]}""";
        ModelEntry e = ProtocolJson.fromJson(v1, ModelList.class).models().get(0);
        assertEquals(2, e.epoch());
        assertEquals(0.91, e.metric("val_loss"));
        assertEquals(8.0, ((Number) e.trainingParams().get("batch_size")).doubleValue());
    }

    /** {@code GET /progress} of the asr-test backend when idle and while training (floats everywhere, server_time a float). */
    @Test
    void readsTheAsrTestBackendsProgress() throws Exception {
        ProgressReport idle = ProtocolJson.fromJson("""
                {"is_training": false, "current_epoch": 0, "current_step": 0, "total_epochs": 0, "total_steps": 0,
                "current_loss": 0.0, "current_learning_rate": 0.0, "progress": 0.0, "latest_logs": [], "server_time": 1732700000.25}""",
                ProgressReport.class);
        assertEquals(false, idle.isTraining());
        assertNull(idle.status());
        ProgressReport running = ProtocolJson.fromJson("""
                {"is_training": true, "current_epoch": 2, "current_step": 140, "total_epochs": 10, "total_steps": 700,
                "current_loss": 1.234, "current_learning_rate": 0.0003, "progress": 0.2, "latest_logs": ["Epoch 2/10, Step 40/70"],
                "latest_error": {"message": "boom", "traceback": "Traceback ..."}, "server_time": 1732700001.5}""",
                ProgressReport.class);
        assertEquals(140, running.currentStep());
        assertEquals(1.234, running.currentLoss());
        assertEquals("boom", running.latestError().message());
        assertEquals(List.of("Epoch 2/10, Step 40/70"), running.latestLogs());
    }

    @Test
    void readsTheAsrTestBackendsDatasetList() throws Exception {
        DatasetList l = ProtocolJson.fromJson("""
                {"datasets": [{"name": "ljspeech", "status": "downloaded", "path": "/app/data/ljspeech", "num_files": 13100,
                "size_mb": 2600.5, "config": {"sample_rate": 22050}}]}""", DatasetList.class);
        assertTrue(l.datasets().get(0).downloaded());
        assertEquals(13100, l.datasets().get(0).numFiles());
    }

    @Test
    void engineModelEntriesCarryTheirDetails() throws Exception {
        ModelEntry m = ModelEntry.engineModel("en-us", "pocketsphinx", true, "generic", 16000, Map.of("language", "en-US"));
        ModelEntry back = roundTrip(m, ModelEntry.class);
        assertEquals(Boolean.TRUE, back.builtIn());
        assertEquals("en-US", back.details().get("language"));
        assertEquals(List.of(), back.files());
    }
}
