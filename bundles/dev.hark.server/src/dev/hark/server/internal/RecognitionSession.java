package dev.hark.server.internal;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import dev.hark.core.audio.BadAudioException;
import dev.hark.core.audio.PcmDecoder;
import dev.hark.core.audio.PcmFormat;
import dev.hark.core.audio.Resampler;
import dev.hark.engine.EngineException;
import dev.hark.engine.Hypothesis;
import dev.hark.engine.RecognitionModel;
import dev.hark.engine.RecognitionStream;

/**
 * One recognition stream behind a socket, whatever the protocol: decodes PCM frames, resamples them to
 * the model's rate with state carried across frames (v1 resampled each chunk alone, which distorts
 * chunk edges), and feeds the engine. Times in the hypotheses it returns are seconds of session audio,
 * shifted by {@code timeOffset} when a resumed session continues where an earlier server left off.
 *
 * <p>It holds its stream's admission permit and gives it back on {@link #close()}. It keeps the last
 * {@value #HISTORY_SECONDS} s of audio it recognized (at the model's rate, ~{@value #HISTORY_SECONDS} × 64 KB), so that a
 * v2 session whose connection dropped can free its decoder and later warm a new one on that audio
 * ({@link #committedHistory}): the adaptive state of a decoder (cepstral mean, noise estimate) then matches the
 * one it replaces, and the resumed transcript the fault-free one.
 *
 * <p>Not thread-safe: its endpoint feeds it from one thread at a time.
 */
final class RecognitionSession implements AutoCloseable {

    private final String modelName;
    private final PcmFormat format;
    private final int inputRate;
    private final Resampler resampler;
    /** Seconds of recognized audio kept for warming a replacement decoder. */
    static final int HISTORY_SECONDS = 5;

    private final RecognitionStream stream;
    private final StreamAdmission.Permit permit;
    /** Added to the engine's times: the session time of the engine's first sample (warm-up audio included). */
    private final double timeOffset;
    /** Session time of the first input sample. */
    private final double audioOffset;
    private final int modelRate;
    private final float[] history;
    /** Samples (model rate) ever written to {@link #history}, warm-up included. */
    private long historyWritten;
    private long inputSamples;
    private boolean utteranceOpen;
    private boolean closed;

    RecognitionSession(String modelName, RecognitionModel model, int inputRate, PcmFormat format, double timeOffset)
            throws EngineException {
        this(modelName, model, inputRate, format, timeOffset, null, new float[0]);
    }

    /**
     * @param permit  the admission permit this stream runs under (given back on close), or null
     * @param warmUp  audio at the model's rate that ends at {@code timeOffset}, recognized first with its results
     *                discarded (a resumed session's committed audio); empty for none
     */
    RecognitionSession(String modelName, RecognitionModel model, int inputRate, PcmFormat format, double timeOffset,
            StreamAdmission.Permit permit, float[] warmUp) throws EngineException {
        this(modelName, model, inputRate, format, timeOffset, permit, warmUp, null);
    }

    /**
     * @param adaptiveState an engine state ({@link RecognitionStream#adaptiveState()}) the client kept from a server
     *                      that is gone, to start the decoder from (then warmed on {@code warmUp}, which the client
     *                      sent again for that: the audio after the state), or null
     * @throws EngineException {@link EngineException.Kind#BAD_STATE} when the engine refuses the state
     */
    RecognitionSession(String modelName, RecognitionModel model, int inputRate, PcmFormat format, double timeOffset,
            StreamAdmission.Permit permit, float[] warmUp, String adaptiveState) throws EngineException {
        this.modelName = modelName;
        this.format = format;
        this.inputRate = inputRate;
        this.modelRate = model.info().sampleRate();
        this.resampler = new Resampler(inputRate, modelRate);
        this.history = new float[modelRate * HISTORY_SECONDS];
        this.permit = permit;
        this.audioOffset = timeOffset;
        this.timeOffset = timeOffset - (double) warmUp.length / modelRate;
        RecognitionStream opened = adaptiveState == null ? model.openStream() : model.openStream(adaptiveState);
        try {
            if (warmUp.length > 0) {
                opened.accept(warmUp, 0, warmUp.length);
                opened.finish(); // whatever the warm-up said was said before; only the decoder's state matters
                remember(warmUp, warmUp.length);
            }
        } catch (EngineException | RuntimeException e) {
            opened.close();
            throw e;
        }
        this.stream = opened;
    }

    /**
     * Warm-up frames a client sent again (PCM in the session's format and rate) as one stretch of audio at the model's
     * rate; a frame that does not decode is left out (it only warms a decoder).
     */
    static float[] atModelRate(List<byte[]> frames, PcmFormat format, int inputRate, int modelRate) {
        Resampler resampler = new Resampler(inputRate, modelRate);
        List<float[]> parts = new ArrayList<>();
        for (byte[] frame : frames) {
            try {
                parts.add(resampler.process(PcmDecoder.decode(frame, format)));
            } catch (BadAudioException e) {
                // left out
            }
        }
        parts.add(resampler.flush());
        int length = parts.stream().mapToInt(p -> p.length).sum();
        float[] out = new float[length];
        int offset = 0;
        for (float[] part : parts) {
            System.arraycopy(part, 0, out, offset, part.length);
            offset += part.length;
        }
        return out;
    }

    private void remember(float[] samples, int length) {
        int from = Math.max(0, length - history.length);
        for (int i = from; i < length; i++) {
            history[(int) (historyWritten++ % history.length)] = samples[i];
        }
    }

    /**
     * The recognized audio (model rate) that ends at session time {@code upTo} (a committed point), at most
     * {@value #HISTORY_SECONDS} s of it: what warms the decoder that replaces this one.
     */
    float[] committedHistory(double upTo) {
        long end = Math.min(historyWritten, Math.round((upTo - timeOffset) * modelRate));
        long start = Math.max(Math.max(0, end - history.length), historyWritten - history.length);
        if (end <= start) {
            return new float[0];
        }
        float[] out = new float[(int) (end - start)];
        for (long i = start; i < end; i++) {
            out[(int) (i - start)] = history[(int) (i % history.length)];
        }
        return out;
    }

    String modelName() {
        return modelName;
    }

    int inputRate() {
        return inputRate;
    }

    PcmFormat format() {
        return format;
    }

    /** Decodes, resamples and recognizes one frame of PCM. */
    List<Hypothesis> feed(ByteBuffer pcm) throws BadAudioException, EngineException {
        float[] samples = PcmDecoder.decode(pcm, format);
        inputSamples += samples.length;
        float[] resampled = resampler.process(samples, 0, samples.length);
        if (resampled.length == 0) {
            return List.of();
        }
        remember(resampled, resampled.length);
        return track(stream.accept(resampled, 0, resampled.length));
    }

    /** Ends the stream's current utterance (on stop): the remaining audio's final, if any. */
    List<Hypothesis> finish() throws EngineException {
        List<Hypothesis> out = new ArrayList<>();
        float[] tail = resampler.flush();
        if (tail.length > 0) {
            out.addAll(stream.accept(tail, 0, tail.length));
        }
        out.addAll(stream.finish());
        return track(out);
    }

    private List<Hypothesis> track(List<Hypothesis> hypotheses) {
        if (hypotheses.isEmpty()) {
            return hypotheses;
        }
        List<Hypothesis> shifted = new ArrayList<>(hypotheses.size());
        for (Hypothesis h : hypotheses) {
            utteranceOpen = !h.isFinal();
            shifted.add(timeOffset == 0 ? h : shift(h));
        }
        return shifted;
    }

    private Hypothesis shift(Hypothesis h) {
        List<Hypothesis.Word> words = h.words().stream()
                .map(w -> new Hypothesis.Word(w.text(), w.start() + timeOffset, w.end() + timeOffset, w.confidence()))
                .toList();
        return new Hypothesis(h.isFinal(), h.text(), h.start() + timeOffset, h.end() + timeOffset, words);
    }

    /** The engine's adaptive state as of the last utterance end, for a client to keep (see {@link RecognitionStream#adaptiveState()}). */
    java.util.Optional<String> adaptiveState() {
        return stream.adaptiveState();
    }

    /** Whether a partial was sent since the last final (the current utterance holds uncommitted audio). */
    boolean utteranceOpen() {
        return utteranceOpen;
    }

    /** Session audio time (s) fed so far, including the offset of a resumed session. */
    double audioTime() {
        return audioOffset + (double) inputSamples / inputRate;
    }

    /** Frees the decoder and gives the admission permit back. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            try {
                stream.close();
            } finally {
                if (permit != null) {
                    permit.close();
                }
            }
        }
    }
}
