package dev.hark.session;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import dev.hark.audio.AudioCapture;
import dev.hark.audio.AudioSource;
import dev.hark.core.AudioState;
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
     * when the source ended (or {@link #stop()} was called) and the server sent its last result. It fails
     * with an {@link AudioInputException} (the reason for people in its message) when the source could not
     * start or its device went away, once the server has answered for the audio captured before; the
     * transcript so far stays in {@link #transcript()}. A session never ends silently because of its input.
     */
    public synchronized CompletableFuture<TranscriptDocument> start(AudioSource source) {
        AudioPipe p = new AudioPipe(PIPE_CHUNKS, source.overflow());
        CompletableFuture<TranscriptDocument> done = client.start(p, source.outputRate());
        pipe = p;
        CompletableFuture<AudioState> audio = capture.start(source, p);
        return done.thenCombine(audio, (doc, end) -> {
            if (end.state() == AudioState.State.FAILED || end.state() == AudioState.State.LOST) {
                throw new CompletionException(new AudioInputException(end));
            }
            return doc;
        });
    }

    /** The audio input failed (could not start) or was lost mid-stream. */
    public static final class AudioInputException extends Exception {
        private static final long serialVersionUID = 1L;
        private final transient AudioState state;

        public AudioInputException(AudioState state) {
            super(state.detail() == null || state.detail().isBlank() ? state.source() + ": " + state.state() : state.detail());
            this.state = state;
        }

        /** How the capture ended ({@code FAILED} or {@code LOST}) and from which source. */
        public AudioState state() {
            return state;
        }
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
