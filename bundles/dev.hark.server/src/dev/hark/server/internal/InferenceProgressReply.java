package dev.hark.server.internal;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.util.Callback;

import dev.hark.engine.TranscribeProgress;
import dev.hark.protocol.ProtocolJson;
import dev.hark.protocol.rest.InferenceEvent;
import dev.hark.protocol.rest.InferenceResult;
import dev.hark.server.rest.Exchange;

/**
 * The reply of {@code POST /api/inference?progress=true}: newline-delimited {@link InferenceEvent}s, a progress
 * line at most every {@link #INTERVAL_MILLIS} while the engine decodes, then the result or the error. Each
 * progress line is written and flushed before decoding goes on, so a client that went away (its Cancel closed
 * the connection) makes a write fail: {@link #cancelled()} turns true and the engine stops at its next piece,
 * instead of decoding minutes of audio for nobody. Used by the request's own thread only.
 */
final class InferenceProgressReply implements TranscribeProgress {

    static final long INTERVAL_MILLIS = 250;
    private static final Logger LOG = Logger.getLogger(InferenceProgressReply.class.getName());
    /** Inferences decoding right now, all requests together (tests check that a cancelled one stops). */
    static final AtomicInteger DECODING = new AtomicInteger();

    private final Exchange exchange;
    private final int sampleRate;
    private long lastWrite;
    private volatile boolean gone;

    InferenceProgressReply(Exchange exchange, int sampleRate) {
        this.exchange = exchange;
        this.sampleRate = sampleRate;
        exchange.response().setStatus(200);
        exchange.response().getHeaders().put(HttpHeader.CONTENT_TYPE, "application/x-ndjson; charset=utf-8");
        exchange.response().getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
    }

    @Override
    public void advanced(long samplesDone, long samplesTotal) {
        long now = System.nanoTime() / 1_000_000;
        if (gone || now - lastWrite < INTERVAL_MILLIS && samplesDone < samplesTotal) {
            return;
        }
        lastWrite = now;
        write(InferenceEvent.of(new InferenceEvent.Progress(round(samplesDone), round(samplesTotal))));
    }

    @Override
    public boolean cancelled() {
        return gone;
    }

    /** The last line: the result. */
    void result(InferenceResult r) {
        finish(InferenceEvent.of(r));
    }

    /** The last line: what went wrong, with the status the plain request would have answered. */
    void failure(int status, String detail) {
        finish(InferenceEvent.of(new InferenceEvent.Failure(status, detail)));
    }

    /** The client went away: the request ends without another write. */
    void abandon(String why) {
        LOG.info("inference stopped, its client went away: " + why);
        exchange.callback().failed(new java.io.IOException("client gone: " + why));
    }

    boolean gone() {
        return gone;
    }

    private void finish(InferenceEvent last) {
        if (gone) {
            abandon("before the last line");
            return;
        }
        Content.Sink.write(exchange.response(), true, ProtocolJson.toJson(last) + "\n", exchange.callback());
    }

    private void write(InferenceEvent e) {
        Callback.Completable written = new Callback.Completable();
        Content.Sink.write(exchange.response(), false, ProtocolJson.toJson(e) + "\n", written);
        try {
            written.get(30, TimeUnit.SECONDS);
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            gone = true;
        } catch (Exception failed) {
            gone = true; // closed by the client, or not read for 30 s
        }
    }

    private double round(long samples) {
        return Math.round(samples * 1000.0 / sampleRate) / 1000.0;
    }
}
