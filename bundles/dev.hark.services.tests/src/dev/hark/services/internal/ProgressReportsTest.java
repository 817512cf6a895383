package dev.hark.services.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.hark.api.ProgressReports;
import dev.hark.protocol.ProtocolJson;
import dev.hark.protocol.V1;
import dev.hark.protocol.rest.ProgressReport;
import dev.hark.protocol.training.TrainingError;
import dev.hark.protocol.training.TrainingLog;
import dev.hark.protocol.training.TrainingMessage;
import dev.hark.protocol.training.TrainingProgress;
import dev.hark.protocol.training.TrainingStatus;
import dev.hark.protocol.training.ValidationResult;

/** What an asr-test server's /api/progress and /ws broadcasts become (shapes of compat/fixtures). */
class ProgressReportsTest {

    static ProgressReport report(boolean training, int epoch, int step, String logs, String error) throws Exception {
        return ProtocolJson.fromJson("{\"is_training\": " + training + ", \"current_epoch\": " + epoch + ", \"current_step\": " + step
                + ", \"total_epochs\": 30, \"total_steps\": 90, \"current_loss\": " + (step == 0 ? "0.0" : "3.5")
                + ", \"current_learning_rate\": 0.0001, \"progress\": 0.0, \"latest_logs\": [" + logs + "], \"latest_error\": "
                + error + "}", ProgressReport.class);
    }

    @Test
    void logsAreNewLinesOnlyAndErrorsOnceAndAFinishedRunIsKept() throws Exception {
        ProgressReports r = new ProgressReports();
        List<TrainingMessage> first = r.next(report(true, 1, 5, "\"[INFO] a\", \"[INFO] b\"", "null"), true);
        assertEquals(3, first.size(), first.toString());
        assertEquals(5, ((TrainingProgress) first.get(0)).step());
        assertEquals(new TrainingLog("INFO", "[INFO] a"), first.get(1));

        List<TrainingMessage> second = r.next(report(true, 1, 6, "\"[INFO] b\", \"[WARNING] c\"", "null"), false);
        assertEquals(List.of(new TrainingLog("WARNING", "[WARNING] c")), second, "the tail moved by one line; no progress asked");

        String error = "{\"message\": \"boom\", \"traceback\": \"tb\"}";
        List<TrainingMessage> third = r.next(report(false, 0, 0, "\"[INFO] b\", \"[WARNING] c\"", error), true);
        assertEquals(List.of(new TrainingError("boom", "tb")), third, "the zeroed report of an ended run is not progress");
        assertTrue(r.next(report(false, 0, 0, "\"[INFO] b\", \"[WARNING] c\"", error), true).isEmpty(), "the same error once");
    }

    @Test
    void broadcastsKeepTheGlobalStepNumbering() throws Exception {
        ProgressReports.BroadcastFilter f = new ProgressReports.BroadcastFilter();
        // in the order the backend sent them (compat/fixtures/ws-training-broadcasts.json)
        List<String> sent = List.of(
                "{\"type\": \"status\", \"payload\": {\"status\": \"starting\", \"message\": \"学習開始リクエスト受理\"}}",
                "{\"type\": \"progress\", \"payload\": {\"epoch\": 0, \"total_epochs\": 30, \"step\": 0, \"total_steps\": 90, \"loss\": null, \"learning_rate\": null}}",
                "{\"type\": \"progress\", \"payload\": {\"epoch\": 1, \"total_epochs\": 30, \"step\": 0, \"total_steps\": 90, \"loss\": 60.07, \"learning_rate\": 1e-05}}",
                "{\"type\": \"progress\", \"payload\": {\"epoch\": 1, \"total_epochs\": 30, \"step\": 0, \"total_steps\": 3, \"loss\": 60.07, \"learning_rate\": 1e-05}}",
                "{\"type\": \"log\", \"payload\": {\"level\": \"INFO\", \"message\": \"Epoch 1/30, Step 0/3, Loss: 60.0764\"}}",
                "{\"type\": \"validation_result\", \"payload\": {\"epoch\": 1, \"val_loss\": 46.24620819091797}}",
                "{\"type\": \"status\", \"payload\": {\"status\": \"stopped\", \"message\": \"学習がユーザーによって停止されました。\"}}");
        List<TrainingMessage> kept = new java.util.ArrayList<>();
        for (String s : sent) {
            if (V1.decodeServerMessage(s) instanceof TrainingMessage m && f.keep(m)) {
                kept.add(m);
            }
        }
        assertEquals(6, kept.size(), kept.toString());
        assertFalse(kept.stream().anyMatch(m -> m instanceof TrainingProgress p && p.totalSteps() == 3), "within-epoch numbering dropped");
        assertEquals(46.24620819091797, ((ValidationResult) kept.get(4)).valLoss());
        assertEquals("stopped", ((TrainingStatus) kept.get(5)).status());

        // the next run is shorter (fewer epochs: a smaller total): its global steps are kept once it starts
        kept.clear();
        for (String s : List.of(
                "{\"type\": \"status\", \"payload\": {\"status\": \"starting\", \"message\": \"学習開始リクエスト受理\"}}",
                "{\"type\": \"progress\", \"payload\": {\"epoch\": 1, \"total_epochs\": 2, \"step\": 1, \"total_steps\": 6, \"loss\": 50.1, \"learning_rate\": 1e-05}}",
                "{\"type\": \"progress\", \"payload\": {\"epoch\": 1, \"total_epochs\": 2, \"step\": 1, \"total_steps\": 3, \"loss\": 50.1, \"learning_rate\": 1e-05}}")) {
            if (V1.decodeServerMessage(s) instanceof TrainingMessage m && f.keep(m)) {
                kept.add(m);
            }
        }
        assertEquals(2, kept.size(), kept.toString());
        assertEquals(6, ((TrainingProgress) kept.get(1)).totalSteps(), "the new run's global numbering");
    }
}
