package dev.hark.transport.tests;

import java.net.URI;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandler;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;

/**
 * A WebSocket server whose behaviour a test scripts: slow readers, malformed replies. It stands in for
 * faults the real Hark server does not have; everything else is tested against the real server.
 */
final class ScriptedServer implements AutoCloseable {

    /** Base for scripted endpoints; public because Jetty calls listeners through method handles. */
    public abstract static class Script implements Session.Listener {
        protected Session session;
        final AtomicLong framesReceived = new AtomicLong();

        @Override
        public void onWebSocketOpen(Session s) {
            session = s;
            s.demand();
        }

        protected void send(String json) {
            session.sendText(json, Callback.NOOP);
        }

        protected void sendBinary(byte[] bytes) {
            session.sendBinary(ByteBuffer.wrap(bytes), Callback.NOOP);
        }

        @Override
        public void onWebSocketText(String text) {
            onText(text);
            session.demand();
        }

        @Override
        public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
            framesReceived.incrementAndGet();
            onFrame(payload);
            callback.succeed();
            session.demand();
        }

        protected abstract void onText(String text);

        protected void onFrame(ByteBuffer frame) {
        }
    }

    private final Server jetty = new Server();
    private final ServerConnector connector = new ServerConnector(jetty);

    ScriptedServer(String path, Function<Void, Script> scripts) throws Exception {
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        jetty.addConnector(connector);
        ContextHandler context = new ContextHandler("/");
        context.setHandler(WebSocketUpgradeHandler.from(jetty, context, c -> c.addMapping(path, (rq, rs, cb) -> scripts.apply(null))));
        jetty.setHandler(context);
        jetty.start();
    }

    URI http() {
        return URI.create("http://127.0.0.1:" + connector.getLocalPort());
    }

    @Override
    public void close() throws Exception {
        jetty.stop();
    }
}
