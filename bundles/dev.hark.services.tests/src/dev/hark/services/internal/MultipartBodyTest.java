package dev.hark.services.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.hark.api.MultipartBody;

/** The multipart body is what RFC 7578 says, byte for byte, streamed from the file. */
class MultipartBodyTest {

    static byte[] bytes(HttpRequest.BodyPublisher publisher) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CompletableFuture<Void> done = new CompletableFuture<>();
        publisher.subscribe(new Flow.Subscriber<ByteBuffer>() {
            @Override
            public void onSubscribe(Flow.Subscription s) {
                s.request(Long.MAX_VALUE);
            }

            @Override
            public void onNext(ByteBuffer b) {
                byte[] a = new byte[b.remaining()];
                b.get(a);
                out.writeBytes(a);
            }

            @Override
            public void onError(Throwable t) {
                done.completeExceptionally(t);
            }

            @Override
            public void onComplete() {
                done.complete(null);
            }
        });
        done.get(10, TimeUnit.SECONDS);
        return out.toByteArray();
    }

    @Test
    void oneFilePartBetweenBoundaries(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("clip.wav");
        byte[] audio = { 0, 1, 2, (byte) 0xff, '\r', '\n', '-', '-' };
        Files.write(file, audio);
        MultipartBody body = new MultipartBody("b0und", "file", file);
        assertEquals("multipart/form-data; boundary=b0und", body.contentType());
        String expectedHead = "--b0und\r\nContent-Disposition: form-data; name=\"file\"; filename=\"clip.wav\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\n";
        byte[] all = bytes(body.publisher());
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        expected.writeBytes(expectedHead.getBytes(StandardCharsets.UTF_8));
        expected.writeBytes(audio);
        expected.writeBytes("\r\n--b0und--\r\n".getBytes(StandardCharsets.UTF_8));
        assertEquals(new String(expected.toByteArray(), StandardCharsets.ISO_8859_1), new String(all, StandardCharsets.ISO_8859_1));
    }

    @Test
    void aFileNameCannotBreakTheHeader(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("a \"b\" c.wav"), "x");
        String head = new MultipartBody("b", "file", file).head();
        assertTrue(head.contains("filename=\"a _b_ c.wav\"\r\n"), head);
    }

    @Test
    void everyBodyHasItsOwnBoundary(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("x.wav"), "x");
        assertTrue(!new MultipartBody("file", file).contentType().equals(new MultipartBody("file", file).contentType()));
    }
}
