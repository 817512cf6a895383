package dev.hark.api;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import dev.hark.protocol.ProtocolException;
import dev.hark.protocol.ProtocolJson;
import dev.hark.protocol.rest.InferenceEvent;
import dev.hark.protocol.rest.InferenceResult;

/**
 * File inference with progress and Cancel ({@code POST /api/inference?progress=true}): the server's progress
 * lines go to a listener as they arrive; {@code cancelled} is asked at least every {@link #POLL_MILLIS} while
 * waiting for the answer and at every line, and a cancel aborts the upload or closes the connection, which
 * makes the server stop decoding. A server without the extension (asr-test) answers with its plain JSON: the
 * result comes without progress.
 */
final class InferenceCall {

    static final long POLL_MILLIS = 100;

    private InferenceCall() {
    }

    static InferenceResult run(HttpClient http, HttpRequest request, Consumer<InferenceEvent.Progress> progress, BooleanSupplier cancelled)
            throws HarkApiException {
        CompletableFuture<HttpResponse<InputStream>> sent = http.sendAsync(request, HttpResponse.BodyHandlers.ofInputStream());
        HttpResponse<InputStream> response;
        while (true) {
            if (cancelled.getAsBoolean()) {
                sent.cancel(true); // aborts the upload
                sent.thenAccept(r -> close(r.body()));
                throw new HarkApiException(0, HarkApiException.CANCELLED);
            }
            try {
                response = sent.get(POLL_MILLIS, TimeUnit.MILLISECONDS);
                break;
            } catch (TimeoutException e) {
                // ask again
            } catch (ExecutionException e) {
                throw new HarkApiException("cannot reach " + request.uri().resolve("/") + ": " + HarkApi.why(e.getCause()), e.getCause());
            } catch (InterruptedException e) {
                sent.cancel(true);
                Thread.currentThread().interrupt();
                throw new HarkApiException("interrupted", e);
            }
        }
        try (InputStream body = response.body();
                BufferedReader lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
            String type = response.headers().firstValue("Content-Type").orElse("");
            if (response.statusCode() >= 400 || !type.startsWith("application/x-ndjson")) {
                String text = new String(body.readAllBytes(), StandardCharsets.UTF_8);
                if (response.statusCode() >= 400) {
                    throw new HarkApiException(response.statusCode(), HarkApi.detail(text, response.statusCode()));
                }
                return read(text, InferenceResult.class); // a server without progress
            }
            String line;
            while ((line = lines.readLine()) != null) {
                if (cancelled.getAsBoolean()) {
                    throw new HarkApiException(0, HarkApiException.CANCELLED); // closing the stream ends the connection
                }
                if (line.isBlank()) {
                    continue;
                }
                InferenceEvent e = read(line, InferenceEvent.class);
                if (e.result() != null) {
                    return e.result();
                }
                if (e.error() != null) {
                    throw new HarkApiException(e.error().status(), e.error().detail());
                }
                if (e.progress() != null && progress != null) {
                    progress.accept(e.progress());
                }
            }
            throw new HarkApiException(0, "the server ended its answer without a result");
        } catch (IOException e) {
            if (cancelled.getAsBoolean()) {
                throw new HarkApiException(0, HarkApiException.CANCELLED);
            }
            throw new HarkApiException("the answer broke off: " + e.getMessage(), e);
        }
    }

    private static <T> T read(String text, Class<T> type) throws HarkApiException {
        try {
            return ProtocolJson.fromJson(text, type);
        } catch (ProtocolException e) {
            throw new HarkApiException(0, "unexpected answer from api/inference: " + e.getMessage());
        }
    }

    private static void close(InputStream in) {
        try {
            in.close();
        } catch (IOException e) {
            // closing is all we wanted
        }
    }
}
