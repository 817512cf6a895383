package dev.hark.session;

import java.util.concurrent.CompletableFuture;

import dev.hark.audio.AudioCapture;
import dev.hark.audio.AudioSource;
import dev.hark.core.Bus;
import dev.hark.core.audio.AudioPipe;
import dev.hark.core.transcript.TranscriptDocument;
import dev.hark.transport.ClientSettings;
import dev.hark.transport.StreamingClient;

/**
 * Live transcription as one service: an audio source (microphone or file) feeding, through a bounded
 * pipe, a streaming client that owns the connection. The workbench's Live view and `hark transcribe`
 * both go through this class: there is no second code path.
 */
public final class TranscriptionSession implements AutoCloseable {

    /** Pipe capacity in chunks (20 ms each): 10 s of audio may wait for a slow or reconnecting server. */
    public static final int PIPE_CHUNKS = 500;

    private final StreamingClient client;
    private final AudioCapture capture;
    private volatile AudioPipe pipe;

    public TranscriptionSession(ClientSettings settings, Bus bus) throws Exception {
        this.client = new StreamingClient(settings, bus);
        this.capture = new AudioCapture(bus);
    }

    /**
     * Starts capturing from {@code source} and streaming it. The future completes with the transcript
     * when the source ended (or {@link #stop()} was called) and the server sent its last result.
     */
    public synchronized CompletableFuture<TranscriptDocument> start(AudioSource source) {
        AudioPipe p = new AudioPipe(PIPE_CHUNKS, source.overflow());
        CompletableFuture<TranscriptDocument> done = client.start(p, source.outputRate());
        pipe = p;
        capture.start(source, p);
        return done;
    }

    /** Stops capturing; the transcript's future completes once the server confirmed the end. */
    public CompletableFuture<TranscriptDocument> stop() {
        capture.stop();
        return client.stop();
    }

    public StreamingClient client() {
        return client;
    }

    public TranscriptDocument transcript() {
        return client.transcript();
    }

    /** The pipe of the current session (for its counters), or null before the first start. */
    public AudioPipe pipe() {
        return pipe;
    }

    @Override
    public void close() {
        capture.close();
        client.close();
    }
}
