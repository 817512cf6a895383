package dev.hark.protocol.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.hark.protocol.ProtocolException;
import dev.hark.protocol.V1;
import dev.hark.protocol.training.CheckpointSaved;
import dev.hark.protocol.training.DatasetProgress;
import dev.hark.protocol.training.DatasetStatus;
import dev.hark.protocol.training.TrainingError;
import dev.hark.protocol.training.TrainingLog;
import dev.hark.protocol.training.TrainingMessage;
import dev.hark.protocol.training.TrainingMessages;
import dev.hark.protocol.training.TrainingProgress;
import dev.hark.protocol.training.TrainingStatus;
import dev.hark.protocol.training.ValidationResult;
import dev.hark.protocol.training.WorkerLine;

/** Training events: one codec for /ws broadcasts, SSE, worker lines; the shapes the asr-test backend broadcasts. */
class TrainingMessagesTest {

    private static final List<TrainingMessage> ALL = List.of(
            new TrainingProgress(1, 10, 42, 700, 1.25, 0.003, 310.5, 41.0, 40.0, 88.0, 120.0, 42L),
            new TrainingLog(TrainingLog.INFO, "epoch 1 done"),
            new ValidationResult(1, 0.9, 0.25, 0.5, 24, List.of(new ValidationResult.Example("one two", "one too"))),
            new CheckpointSaved("ctc-digits-epoch-1", 1, 42, "/data/checkpoints/ctc-digits-epoch-1", "running"),
            new TrainingStatus(TrainingStatus.COMPLETED, "Training completed.", "run-1", 0),
            new TrainingError("worker died", "Traceback..."),
            DatasetProgress.of("digits", "generate", 10, 40),
            new DatasetStatus("digits", "downloaded", "done"),
            new dev.hark.protocol.training.EvaluationUpdate("run-1", "e1", "ctc-digits-epoch-2", "running", null, 3, 8, 0.25, 0.125),
            new dev.hark.protocol.training.EvaluationUpdate("run-1", "e1", "ctc-digits-epoch-2", "completed", null, 8, 8, 0.2, 0.1));

    @Test
    void everyMessageRoundTripsThroughEveryFraming() throws Exception {
        for (TrainingMessage m : ALL) {
            assertEquals(m, TrainingMessages.decode(m.type(), TrainingMessages.payload(m)), m.type());
            assertEquals(m, TrainingMessages.decodeEnvelope(TrainingMessages.envelope(m)), m.type());
            assertEquals(m, WorkerLine.parse(WorkerLine.format(m)).orElseThrow(), m.type());
            String sse = TrainingMessages.sseEvent(m);
            assertTrue(sse.startsWith("event: " + m.type() + "\ndata: {"), sse);
            assertTrue(sse.endsWith("}\n\n"), sse);
            assertEquals(m, V1.decodeServerMessage(TrainingMessages.envelope(m)), m.type());
        }
    }

    @Test
    void nonFiniteNumbersGoOutAsNull() throws Exception {
        TrainingProgress p = new TrainingProgress(1, 2, 3, 4, Double.NaN, Double.POSITIVE_INFINITY, null, null, null, null, null, null);
        assertNull(p.loss());
        assertNull(p.learningRate());
        assertTrue(TrainingMessages.payload(p).contains("\"loss\":null"));
    }

    @Test
    void plainWorkerOutputIsNotAMessage() {
        assertTrue(WorkerLine.parse("WARNING: native library loaded").isEmpty());
        assertTrue(WorkerLine.parse("@hark not json").isEmpty());
        assertTrue(WorkerLine.parse("@hark {\"type\":\"nope\",\"payload\":{}}").isEmpty());
        assertTrue(WorkerLine.parse(null).isEmpty());
    }

    @Test
    void unknownTypesAndBadPayloadsAreProtocolErrors() {
        assertEquals("unknown_type", assertThrows(ProtocolException.class, () -> TrainingMessages.decode("x", "{}")).code());
        assertThrows(ProtocolException.class, () -> TrainingMessages.decodeEnvelope("{\"type\":\"progress\",\"payload\":3}"));
        assertThrows(ProtocolException.class, () -> TrainingMessages.decode("progress", "{\"step\":\"many\"}"));
    }

    /** What the asr-test backend's trainer broadcasts on /ws (its real shapes, values made up). */
    @Test
    void readsTheAsrTestBackendsBroadcasts() throws Exception {
        var first = (TrainingProgress) V1.decodeServerMessage("""
                {"type": "progress", "payload": {"epoch": 0, "total_epochs": 10, "step": 0, "total_steps": 7000, "loss": null, "learning_rate": null}}""");
        assertEquals(7000, first.totalSteps());
        assertNull(first.loss());
        var running = (TrainingProgress) V1.decodeServerMessage("""
                {"type": "progress", "payload": {"epoch": 2, "total_epochs": 10, "step": 812, "total_steps": 7000, "loss": 2.3456, "learning_rate": 0.00029}}""");
        assertEquals(812, running.step());
        assertNull(running.stepsThisRun());
        var validation = (ValidationResult) V1.decodeServerMessage("""
                {"type": "validation_result", "payload": {"epoch": 2, "val_loss": 1.987}}""");
        assertEquals(1.987, validation.valLoss());
        assertNull(validation.cer());
        assertEquals(List.of(), validation.examples());
        var stopped = (TrainingStatus) V1.decodeServerMessage("""
                {"type": "status", "payload": {"status": "stopped", "message": "学習がユーザーによって停止されました。"}}""");
        assertInstanceOf(V1.Status.class, V1.decodeServerMessage("{\"type\":\"status\",\"payload\":{\"status\":\"ready\"}}"));
        assertEquals(TrainingStatus.STOPPED, stopped.status());
        var error = (TrainingError) V1.decodeServerMessage("""
                {"type": "error", "payload": {"message": "CUDA out of memory", "traceback": "Traceback (most recent call last): ..."}}""");
        assertEquals("CUDA out of memory", error.message());
        // the session's own stop carries no message: it is not the training run's
        assertEquals(new V1.Status("stopped"), V1.decodeServerMessage(V1.status("stopped")));
        var log = (TrainingLog) V1.decodeServerMessage("""
                {"type": "log", "payload": {"level": "INFO", "message": "Epoch 1/10, Step 0/700, Loss: 5.1234, LR: 0.000010"}}""");
        assertEquals("[INFO] Epoch 1/10, Step 0/700, Loss: 5.1234, LR: 0.000010", log.line());
    }

    @Test
    void streamMessagesOfV1() throws Exception {
        var partial = (V1.Text) V1.decodeServerMessage("{\"type\":\"partial\",\"payload\":{\"text\":\"hello wor\"}}");
        assertEquals("hello wor", partial.text());
        assertTrue(Double.isNaN(partial.start()));
        var fin = (V1.Text) V1.decodeServerMessage(V1.finalResult("hello world", 0.5, 1.25));
        assertTrue(fin.isFinal());
        assertEquals(1.25, fin.end());
        assertEquals(new V1.Error("bad audio"), V1.decodeServerMessage(V1.error("bad audio")));
        assertEquals("unknown_type", assertThrows(ProtocolException.class,
                () -> V1.decodeServerMessage("{\"type\":\"transcription\",\"payload\":{}}")).code());
    }
}
