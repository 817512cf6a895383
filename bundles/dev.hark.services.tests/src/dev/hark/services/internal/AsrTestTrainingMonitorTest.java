package dev.hark.services.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandler;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;
import org.junit.jupiter.api.Test;

import dev.hark.api.HarkApi;
import dev.hark.api.TrainingMonitor;
import dev.hark.protocol.training.TrainingLog;
import dev.hark.protocol.training.TrainingMessage;
import dev.hark.protocol.training.TrainingProgress;
import dev.hark.protocol.training.TrainingStatus;
import dev.hark.protocol.training.ValidationResult;
import dev.hark.testing.Await;

/**
 * The training monitor against a stand-in for asr-test's backend: no {@code /api/events} (404), the run's
 * broadcasts on {@code /ws} (shapes of compat/fixtures/ws-training-broadcasts.json), {@code /api/progress}
 * zeroed once the run ended, with its {@code latest_logs}.
 */
class AsrTestTrainingMonitorTest {

    static final List<String> BROADCASTS = List.of(
            "{\"type\": \"status\", \"payload\": {\"status\": \"starting\", \"message\": \"学習開始リクエスト受理: model=realtime, dataset=ljspeech, resume=False\"}}",
            "{\"type\": \"progress\", \"payload\": {\"epoch\": 1, \"total_epochs\": 30, \"step\": 3, \"total_steps\": 90, \"loss\": 60.07, \"learning_rate\": 1e-05}}",
            "{\"type\": \"progress\", \"payload\": {\"epoch\": 1, \"total_epochs\": 30, \"step\": 0, \"total_steps\": 3, \"loss\": 60.07, \"learning_rate\": 1e-05}}",
            "{\"type\": \"log\", \"payload\": {\"level\": \"INFO\", \"message\": \"Epoch 1/30, Step 0/3, Loss: 60.0764, LR: 0.000010\"}}",
            "{\"type\": \"validation_result\", \"payload\": {\"epoch\": 1, \"val_loss\": 46.24620819091797}}",
            "{\"type\": \"status\", \"payload\": {\"status\": \"stopped\", \"message\": \"学習がユーザーによって停止されました。\"}}");
    static final String PROGRESS_AFTER_STOP = "{\"is_training\": false, \"current_epoch\": 0, \"current_step\": 0, \"total_epochs\": 30, "
            + "\"total_steps\": 90, \"current_loss\": 0.0, \"current_learning_rate\": 0.0, \"progress\": 0.0, \"latest_logs\": "
            + "[\"Epoch 1/30, Step 0/3, Loss: 60.0764, LR: 0.000010\", \"Epoch 2/30, Step 0/3, Loss: 39.6881, LR: 0.000040\"], "
            + "\"server_time\": 1795771493.4542272}";

    /** The /ws socket: sends the run's broadcasts once the client listens. Public: Jetty calls it through method handles. */
    public static final class Broadcaster implements Session.Listener {
        @Override
        public void onWebSocketOpen(Session s) {
            BROADCASTS.forEach(b -> s.sendText(b, org.eclipse.jetty.websocket.api.Callback.NOOP));
            s.demand();
        }
    }

    @Test
    void followsTheBroadcastsKeepsTheGlobalStepsAndTheFinishedRun() throws Exception {
        Server jetty = new Server();
        ServerConnector connector = new ServerConnector(jetty);
        connector.setHost("127.0.0.1");
        jetty.addConnector(connector);
        ContextHandler context = new ContextHandler("/");
        WebSocketUpgradeHandler ws = WebSocketUpgradeHandler.from(jetty, context, c -> c.addMapping("/ws", (rq, rs, cb) -> new Broadcaster()));
        ws.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                if (Request.getPathInContext(request).equals("/api/progress")) {
                    response.getHeaders().put("Content-Type", "application/json");
                    response.write(true, java.nio.ByteBuffer.wrap(PROGRESS_AFTER_STOP.getBytes(StandardCharsets.UTF_8)), callback);
                } else {
                    Response.writeError(request, response, callback, 404);
                }
                return true;
            }
        });
        context.setHandler(ws);
        jetty.setHandler(context);
        jetty.start();
        List<TrainingMessage> got = new CopyOnWriteArrayList<>();
        try (HarkApi api = new HarkApi(URI.create("http://127.0.0.1:" + connector.getLocalPort()), null);
                TrainingMonitor monitor = new TrainingMonitor(api, got::add)) {
            Await.until(Duration.ofSeconds(15), "the broadcasts and two polls", () -> got.stream()
                    .anyMatch(m -> m instanceof TrainingLog l && l.message().startsWith("Epoch 2/30")));
            Thread.sleep(1_500); // another poll of the zeroed report
            assertEquals("broadcasts", monitor.mode());
        } finally {
            jetty.stop();
        }
        List<TrainingProgress> progress = got.stream().filter(TrainingProgress.class::isInstance).map(TrainingProgress.class::cast).toList();
        assertEquals(1, progress.size(), "the within-epoch numbering and the zeroed report are dropped: " + progress);
        assertEquals(3, progress.getFirst().step());
        assertTrue(got.stream().anyMatch(m -> m instanceof ValidationResult v && v.valLoss() > 46));
        assertTrue(got.stream().anyMatch(m -> m instanceof TrainingStatus s && s.status().equals("stopped")));
        assertEquals(2, got.stream().filter(TrainingLog.class::isInstance).count(), "a line from /ws and latest_logs is shown once: " + got);
        assertFalse(got.stream().anyMatch(m -> m instanceof TrainingProgress p && p.epoch() == 0), "the finished run is kept");
    }
}
