package dev.hark.engine.pocketsphinx.internal;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.hark.engine.EngineException;
import dev.hark.engine.ModelInfo;
import dev.hark.engine.RecognitionModel;
import dev.hark.engine.RecognitionStream;
import dev.hark.engine.Transcript;
import dev.hark.engine.TranscriptBuilder;
import dev.hark.engine.TranscribeProgress;

/**
 * A pocketsphinx model: the settings decoders are created from, and the pool of idle decoders its streams give back
 * ({@link DecoderPool}). Each stream has a decoder of its own, a pooled one when there is one; closing the model
 * frees the pooled decoders. Cheap to open and safe to share between threads.
 */
final class PocketsphinxModel implements RecognitionModel {

    /** {@link #transcribe} feeds its stream in chunks of this length, as a live client would. */
    private static final int TRANSCRIBE_CHUNK_MILLIS = 100;

    private final ModelInfo info;
    private final DecoderSettings settings;
    private final NativeSphinx natives;
    private final DecoderPool pool;
    private final Runnable cleanup;
    private final AtomicBoolean closed = new AtomicBoolean();

    /**
     * @param pool    where this model's streams give their decoders back; the model owns and closes it
     * @param cleanup runs once, on {@link #close()}: e.g. deletes the model's temporary grammar file
     */
    PocketsphinxModel(ModelInfo info, DecoderSettings settings, NativeSphinx natives, DecoderPool pool, Runnable cleanup) {
        this.info = Objects.requireNonNull(info, "info");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.natives = Objects.requireNonNull(natives, "natives");
        this.pool = Objects.requireNonNull(pool, "pool");
        this.cleanup = Objects.requireNonNull(cleanup, "cleanup");
    }

    @Override
    public ModelInfo info() {
        return info;
    }

    /**
     * A stream on an idle decoder of this model, at once, or else on a new one: loading it takes a fraction of a second
     * and, with the language model, ~90 MB. Closing the stream gives the decoder back to the pool.
     */
    @Override
    public RecognitionStream openStream() throws EngineException {
        requireOpen();
        Decoder decoder = pool.take();
        if (decoder == null) {
            decoder = Decoder.open(natives, settings);
        }
        return new PocketsphinxStream(decoder, info.sampleRate(), settings.posteriors(), settings.holdFrames(), pool::release);
    }

    /**
     * {@inheritDoc}
     *
     * <p>Writes the state's cepstral mean into the decoder (pooled or new) before its first audio; a state that is not
     * a pocketsphinx one of this model's cepstrum length, or holds absurd values, is refused and the decoder goes back
     * to the pool.
     */
    @Override
    public RecognitionStream openStream(String adaptiveState) throws EngineException {
        requireOpen();
        if (adaptiveState == null || adaptiveState.length() > MAX_ADAPTIVE_STATE_CHARS) {
            throw new EngineException(EngineException.Kind.BAD_STATE, "bad adaptive state: "
                    + (adaptiveState == null ? "none given" : adaptiveState.length() + " characters, at most " + MAX_ADAPTIVE_STATE_CHARS));
        }
        Decoder decoder = pool.take();
        if (decoder == null) {
            decoder = Decoder.open(natives, settings);
        }
        try {
            decoder.adopt(adaptiveState);
        } catch (EngineException | RuntimeException e) {
            pool.release(decoder); // reset to a new decoder's state, or freed
            throw e;
        }
        return new PocketsphinxStream(decoder, info.sampleRate(), settings.posteriors(), settings.holdFrames(), pool::release,
                adaptiveState);
    }

    /** The pool of this model's idle decoders (for tests). */
    DecoderPool pool() {
        return pool;
    }

    /**
     * {@inheritDoc}
     *
     * <p>Streams the samples through a new decoder in {@value #TRANSCRIBE_CHUNK_MILLIS} ms chunks. The
     * first-token time counts from this call, so it includes loading the decoder.
     */
    @Override
    public Transcript transcribe(float[] samples) throws EngineException {
        return transcribe(samples, TranscribeProgress.NONE);
    }

    /** Decodes in {@link #TRANSCRIBE_CHUNK_MILLIS} pieces, reporting after each second of audio and stopping when cancelled. */
    @Override
    public Transcript transcribe(float[] samples, TranscribeProgress progress) throws EngineException {
        requireOpen();
        if (samples.length == 0) {
            throw new EngineException(EngineException.Kind.BAD_AUDIO, "no samples to transcribe");
        }
        Pcm16.requireFinite(samples, 0, samples.length); // before paying for a decoder
        long started = System.nanoTime();
        TranscriptBuilder transcript = new TranscriptBuilder(started);
        try (RecognitionStream stream = openStream()) {
            int chunk = info.sampleRate() * TRANSCRIBE_CHUNK_MILLIS / 1000;
            int reportEvery = info.sampleRate();
            long reported = 0;
            for (int offset = 0; offset < samples.length; offset += chunk) {
                transcript.add(stream.accept(samples, offset, Math.min(chunk, samples.length - offset)));
                long done = Math.min(samples.length, (long) offset + chunk);
                if (done - reported >= reportEvery) {
                    reported = done;
                    progress.advanced(done, samples.length);
                    if (progress.cancelled()) {
                        throw new EngineException(EngineException.Kind.CANCELLED, "cancelled after " + done / info.sampleRate()
                                + " s of " + samples.length / info.sampleRate() + " s");
                    }
                }
            }
            transcript.add(stream.finish());
        }
        progress.advanced(samples.length, samples.length);
        return transcript.build();
    }

    /**
     * Frees the idle decoders and deletes the model's temporary files; the streams opened from it keep working until
     * they are closed, and then free their decoders.
     */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            try {
                pool.close();
            } finally {
                cleanup.run();
            }
        }
    }

    private void requireOpen() {
        if (closed.get()) {
            throw new IllegalStateException("model " + info.name() + " is closed");
        }
    }
}
