package dev.hark.services.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.hark.api.TrainingMonitor;
import dev.hark.protocol.ProtocolJson;
import dev.hark.protocol.rest.ProgressReport;
import dev.hark.protocol.training.DatasetStatus;
import dev.hark.protocol.training.TrainingLog;
import dev.hark.protocol.training.TrainingMessage;
import dev.hark.protocol.training.TrainingMessages;
import dev.hark.protocol.training.TrainingProgress;

/** The SSE lines the server writes become records; polling's v1 report becomes a progress record. */
class TrainingMonitorTest {

    private static List<TrainingMessage> read(String stream) {
        TrainingMonitor.SseReader reader = new TrainingMonitor.SseReader();
        List<TrainingMessage> out = new ArrayList<>();
        stream.lines().forEach(l -> reader.line(l).ifPresent(out::add));
        return out;
    }

    @Test
    void eventsAreDecodedByType() {
        TrainingProgress p = new TrainingProgress(2, 10, 41, 400, 1.25, 1e-3, 650.0, 12.0, 11.0, 30.0, 120.0, 41L);
        String stream = ": hark training events\n\n" + TrainingMessages.sseEvent(p) + ": keepalive\n\n"
                + TrainingMessages.sseEvent(new TrainingLog("INFO", "epoch 1 done"))
                + TrainingMessages.sseEvent(new DatasetStatus("digits", "downloaded", "200 clips"));
        List<TrainingMessage> messages = read(stream);
        assertEquals(List.of(p, new TrainingLog("INFO", "epoch 1 done"), new DatasetStatus("digits", "downloaded", "200 clips")), messages);
    }

    @Test
    void unknownTypesAndBrokenPayloadsAreSkipped() {
        String stream = "event: future_thing\ndata: {\"x\":1}\n\n" + "event: progress\ndata: {not json\n\n"
                + "data: {\"level\":\"INFO\",\"message\":\"no event line\"}\n\n" + "event: log\ndata: {\"level\":\"INFO\",\"message\":\"ok\"}\n\n";
        assertEquals(List.of(new TrainingLog("INFO", "ok")), read(stream));
    }

    @Test
    void aV1ProgressReportIsAProgressRecordWithTheGlobalStep() throws Exception {
        // as asr-test's /api/progress answers (v1 fields only)
        ProgressReport r = ProtocolJson.fromJson("{\"is_training\":true,\"current_epoch\":3,\"current_step\":120,\"total_epochs\":5,"
                + "\"total_steps\":200,\"current_loss\":0.75,\"current_learning_rate\":0.0005,\"progress\":60.0,\"latest_logs\":[],"
                + "\"latest_error\":null,\"server_time\":\"2024-01-01T00:00:00\"}", ProgressReport.class);
        TrainingProgress p = TrainingMonitor.progressOf(r);
        assertEquals(3, p.epoch());
        assertEquals(120, p.step());
        assertEquals(200, p.totalSteps());
        assertEquals(0.75, p.loss());
        assertEquals(0.0005, p.learningRate());
        assertNull(p.etaSeconds());
        assertEquals(0.6, p.fraction(), 1e-9);
        assertInstanceOf(TrainingMessage.class, p);
        assertTrue(p.type().equals("progress"));
    }
}
