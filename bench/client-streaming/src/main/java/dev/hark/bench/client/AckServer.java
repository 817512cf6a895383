package dev.hark.bench.client;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * A protocol v2 server that only reads and acknowledges: it answers hello, start (started + ready), ping and
 * stop (stopped), and acks every binary frame with {@code {"type":"ack",...}}, never decoding audio. The client
 * is then the bottleneck. Plain JDK sockets (RFC 6455 by hand: upgrade, masked client frames, unmasked server
 * frames), one thread per connection, 127.0.0.1 only. Run in its own JVM by bench/client-streaming.sh so its CPU
 * is not counted as the client's.
 *
 * <pre>java -cp ... dev.hark.bench.client.AckServer</pre> prints {@code ack server listening on http://127.0.0.1:PORT}.
 */
public final class AckServer {

    private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
    /** Frames larger than this close the connection (Hark's client sends at most 64 KiB + 8). */
    private static final int MAX_FRAME = 1 << 20;

    public static void main(String[] args) throws Exception {
        ServerSocket server = new ServerSocket();
        server.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 64);
        System.out.println("ack server listening on http://127.0.0.1:" + server.getLocalPort() + " (protocol v2, acks only)");
        System.out.flush();
        AtomicInteger ids = new AtomicInteger();
        while (true) {
            Socket s = server.accept();
            int id = ids.incrementAndGet();
            Thread t = new Thread(() -> serve(s, id), "ack-conn-" + id);
            t.setDaemon(true);
            t.start();
        }
    }

    private static void serve(Socket socket, int id) {
        try (socket) {
            socket.setTcpNoDelay(true);
            InputStream in = new BufferedInputStream(socket.getInputStream(), 1 << 16);
            OutputStream out = new BufferedOutputStream(socket.getOutputStream(), 1 << 14);
            if (!upgrade(in, out)) {
                return;
            }
            new Connection(in, out, "s" + id).run();
        } catch (IOException e) {
            // connection gone
        }
    }

    /** Reads the HTTP upgrade request and answers 101; false (after a 4xx) if it is not a WebSocket upgrade. */
    private static boolean upgrade(InputStream in, OutputStream out) throws IOException {
        String key = null;
        String line = readLine(in);
        if (line == null || !line.startsWith("GET ")) {
            return false;
        }
        boolean v2 = line.startsWith("GET /v2/stream");
        while ((line = readLine(in)) != null && !line.isEmpty()) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase("Sec-WebSocket-Key")) {
                key = line.substring(colon + 1).trim();
            }
        }
        if (key == null || !v2) {
            out.write(("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            return false;
        }
        String accept;
        try {
            accept = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-1")
                    .digest((key + GUID).getBytes(StandardCharsets.ISO_8859_1)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        out.write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: "
                + accept + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        return true;
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder b = new StringBuilder();
        int c;
        while ((c = in.read()) != -1) {
            if (c == '\n') {
                int n = b.length();
                return n > 0 && b.charAt(n - 1) == '\r' ? b.substring(0, n - 1) : b.toString();
            }
            b.append((char) c);
            if (b.length() > 8192) {
                throw new IOException("header line too long");
            }
        }
        return b.isEmpty() ? null : b.toString();
    }

    private static final class Connection {
        private final InputStream in;
        private final OutputStream out;
        private final String session;
        private int bytesPerSecond = 16_000 * 4;
        private long bytes;

        Connection(InputStream in, OutputStream out, String session) {
            this.in = in;
            this.out = out;
            this.session = session;
        }

        void run() throws IOException {
            byte[] message = new byte[0];
            int messageLen = 0;
            int messageOpcode = 0;
            while (true) {
                int b0 = read();
                int b1 = read();
                boolean fin = (b0 & 0x80) != 0;
                int opcode = b0 & 0x0f;
                boolean masked = (b1 & 0x80) != 0;
                long len = b1 & 0x7f;
                if (len == 126) {
                    len = (read() << 8) | read();
                } else if (len == 127) {
                    len = 0;
                    for (int k = 0; k < 8; k++) {
                        len = (len << 8) | read();
                    }
                }
                if (len > MAX_FRAME) {
                    throw new IOException("frame of " + len + " bytes");
                }
                byte[] mask = new byte[4];
                if (masked) {
                    readFully(mask, 0, 4);
                }
                byte[] payload = new byte[(int) len];
                readFully(payload, 0, payload.length);
                if (masked) {
                    for (int k = 0; k < payload.length; k++) {
                        payload[k] ^= mask[k & 3];
                    }
                }
                if (opcode >= 8) { // control frames
                    switch (opcode) {
                        case 8 -> {
                            send(8, payload.length >= 2 ? java.util.Arrays.copyOf(payload, 2) : new byte[0]);
                            return;
                        }
                        case 9 -> send(10, payload);
                        default -> {
                        }
                    }
                    continue;
                }
                if (opcode != 0) {
                    messageOpcode = opcode;
                    messageLen = 0;
                }
                if (message.length < messageLen + payload.length) {
                    message = java.util.Arrays.copyOf(message, Math.max(2 * message.length, messageLen + payload.length));
                }
                System.arraycopy(payload, 0, message, messageLen, payload.length);
                messageLen += payload.length;
                if (!fin) {
                    continue;
                }
                if (messageOpcode == 1) {
                    text(new String(message, 0, messageLen, StandardCharsets.UTF_8));
                } else if (messageOpcode == 2) {
                    binary(message, messageLen);
                }
            }
        }

        private void text(String json) throws IOException {
            JsonObject m = JsonParser.parseString(json).getAsJsonObject();
            String type = m.has("type") ? m.get("type").getAsString() : "";
            switch (type) {
                case "hello" -> sendText("{\"type\":\"hello\",\"protocol\":2,\"server\":\"ack-only\",\"formats\":[\"i16\",\"f32\"],"
                        + "\"resume\":false,\"word_times\":false,\"max_frame_bytes\":1048576,\"ping_interval_ms\":0,"
                        + "\"resume_window_ms\":0,\"models\":[\"none\"]}");
                case "start" -> {
                    int rate = m.has("sample_rate") ? m.get("sample_rate").getAsInt() : 16_000;
                    String format = m.has("format") ? m.get("format").getAsString() : "f32";
                    bytesPerSecond = rate * ("i16".equals(format) ? 2 : 4);
                    bytes = 0;
                    sendText("{\"type\":\"started\",\"session\":\"" + session + "\",\"model\":\"none\",\"sample_rate\":" + rate
                            + ",\"engine_rate\":" + rate + "}");
                    sendText("{\"type\":\"ready\",\"session\":\"" + session + "\"}");
                }
                case "ping" -> sendText("{\"type\":\"pong\",\"id\":" + m.get("id") + ",\"t\":" + m.get("t") + "}");
                case "stop" -> sendText("{\"type\":\"stopped\",\"session\":\"" + session + "\",\"ack_seq\":-1}");
                default -> sendText("{\"type\":\"error\",\"code\":\"unknown_type\",\"message\":\"ack server: " + type.replace('"', '\'')
                        + "\",\"fatal\":false}");
            }
        }

        private void binary(byte[] frame, int len) throws IOException {
            if (len < 8) {
                return;
            }
            long seq = ByteBuffer.wrap(frame, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
            bytes += len - 8;
            sendText(String.format(Locale.ROOT, "{\"type\":\"ack\",\"session\":\"%s\",\"seq\":%d,\"time\":%.4f}", session, seq,
                    (double) bytes / bytesPerSecond));
        }

        private void sendText(String s) throws IOException {
            send(1, s.getBytes(StandardCharsets.UTF_8));
        }

        private void send(int opcode, byte[] payload) throws IOException {
            out.write(0x80 | opcode);
            if (payload.length < 126) {
                out.write(payload.length);
            } else if (payload.length < 65536) {
                out.write(126);
                out.write(payload.length >>> 8);
                out.write(payload.length & 0xff);
            } else {
                out.write(127);
                for (int k = 7; k >= 0; k--) {
                    out.write((int) ((long) payload.length >>> (8 * k)) & 0xff);
                }
            }
            out.write(payload);
            out.flush();
        }

        private int read() throws IOException {
            int c = in.read();
            if (c < 0) {
                throw new EOFException();
            }
            return c;
        }

        private void readFully(byte[] b, int off, int len) throws IOException {
            while (len > 0) {
                int n = in.read(b, off, len);
                if (n < 0) {
                    throw new EOFException();
                }
                off += n;
                len -= n;
            }
        }
    }
}
