package dev.hark.transport.tests;

import java.net.URI;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandler;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;

/**
 * Stands in for the asr-test backend (backend-6cd623a, app/websocket.py) as it really behaves: any WebSocket
 * path but {@code /ws} (so {@code /v2/stream}) is refused with 403; on {@code /ws} a {@code start} with the
 * model {@link #MODEL} answers {@code status ready}, any other model closes the socket without a word;
 * {@code stop} answers a {@code final} and {@code status stopped}. After {@link #broadcastAfterFrames} audio
 * frames it sends the training broadcasts every {@code /ws} socket gets when a run starts and stops (the
 * shapes of compat/fixtures/ws-training-broadcasts.json). It records the frames' sizes, the v2 attempts and
 * the HTTP version of every request.
 */
final class AsrTestLikeServer implements AutoCloseable {

    static final String MODEL = "realtime";
    /** Exactly what the backend broadcast during a run (compat/fixtures/ws-training-broadcasts.json). */
    static final List<String> TRAINING_BROADCASTS = List.of(
            "{\"type\": \"status\", \"payload\": {\"status\": \"starting\", \"message\": \"学習開始リクエスト受理: model=realtime, dataset=ljspeech, resume=False\"}}",
            "{\"type\": \"log\", \"payload\": {\"level\": \"INFO\", \"message\": \"学習を開始します: model=realtime, dataset=ljspeech, epochs=30, batch_size=4, device=cpu\"}}",
            "{\"type\": \"progress\", \"payload\": {\"epoch\": 1, \"total_epochs\": 30, \"step\": 0, \"total_steps\": 90, \"loss\": 60.076438903808594, \"learning_rate\": 1e-05}}",
            "{\"type\": \"progress\", \"payload\": {\"epoch\": 0, \"total_epochs\": 30, \"step\": 0, \"total_steps\": 90, \"loss\": null, \"learning_rate\": null}}",
            "{\"type\": \"validation_result\", \"payload\": {\"epoch\": 1, \"val_loss\": 46.24620819091797}}",
            "{\"type\": \"status\", \"payload\": {\"status\": \"stopped\", \"message\": \"学習がユーザーによって停止されました。\"}}");

    final AtomicInteger v2Attempts = new AtomicInteger();
    final AtomicInteger wsConnections = new AtomicInteger();
    final List<String> httpVersions = new CopyOnWriteArrayList<>();
    final List<String> upgradeHeaders = new CopyOnWriteArrayList<>();
    final List<Integer> frameBytes = new CopyOnWriteArrayList<>();
    volatile int broadcastAfterFrames = Integer.MAX_VALUE;
    /** False: the server never answers a stop (a backend stuck in its backlog). */
    volatile boolean answerStop = true;

    private final Server jetty = new Server();
    private final ServerConnector connector = new ServerConnector(jetty);

    /** One /ws socket; public because Jetty calls listeners through method handles. */
    public final class Endpoint implements Session.Listener {
        private Session session;
        private boolean started;
        private int frames;

        @Override
        public void onWebSocketOpen(Session s) {
            session = s;
            wsConnections.incrementAndGet();
            s.demand();
        }

        @Override
        public void onWebSocketText(String text) {
            if (text.contains("\"start\"")) {
                if (!text.contains("\"" + MODEL + "\"")) {
                    session.close(1000, null, org.eclipse.jetty.websocket.api.Callback.NOOP); // get_model_for_inference raised
                    return;
                }
                started = true;
                send("{\"type\": \"status\", \"payload\": {\"status\": \"ready\"}}");
            } else if (text.contains("\"stop\"") && answerStop) {
                send("{\"type\": \"final\", \"payload\": {\"text\": \"hello world\"}}");
                send("{\"type\": \"status\", \"payload\": {\"status\": \"stopped\"}}");
            }
            session.demand();
        }

        @Override
        public void onWebSocketBinary(ByteBuffer payload, org.eclipse.jetty.websocket.api.Callback callback) {
            if (started) {
                frameBytes.add(payload.remaining());
                if (++frames == broadcastAfterFrames) {
                    TRAINING_BROADCASTS.forEach(this::send);
                }
            }
            callback.succeed();
            session.demand();
        }

        private void send(String json) {
            session.sendText(json, org.eclipse.jetty.websocket.api.Callback.NOOP);
        }
    }

    AsrTestLikeServer() throws Exception {
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        jetty.addConnector(connector);
        ContextHandler context = new ContextHandler("/");
        WebSocketUpgradeHandler ws = WebSocketUpgradeHandler.from(jetty, context,
                c -> c.addMapping("/ws", (rq, rs, cb) -> new Endpoint()));
        ws.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                // Starlette refuses a WebSocket upgrade on a path it has no route for with 403
                if (request.getHttpURI().getPath().equals("/v2/stream")) {
                    v2Attempts.incrementAndGet();
                }
                Response.writeError(request, response, callback, 403);
                return true;
            }
        });
        Handler.Wrapper recorder = new Handler.Wrapper(ws) {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                httpVersions.add(request.getConnectionMetaData().getHttpVersion().asString());
                String upgrade = request.getHeaders().get("Upgrade");
                upgradeHeaders.add(upgrade == null ? "" : upgrade);
                return super.handle(request, response, callback);
            }
        };
        context.setHandler(recorder);
        jetty.setHandler(context);
        jetty.start();
    }

    URI http() {
        return URI.create("http://127.0.0.1:" + connector.getLocalPort());
    }

    URI ws() {
        return URI.create("ws://127.0.0.1:" + connector.getLocalPort() + "/ws");
    }

    @Override
    public void close() throws Exception {
        jetty.stop();
    }
}
