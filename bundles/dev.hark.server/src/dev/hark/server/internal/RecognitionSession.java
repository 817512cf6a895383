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
 * <p>Not thread-safe: its endpoint feeds it from one thread at a time.
 */
final class RecognitionSession implements AutoCloseable {

    private final String modelName;
    private final PcmFormat format;
    private final int inputRate;
    private final Resampler resampler;
    private final RecognitionStream stream;
    private final double timeOffset;
    private long inputSamples;
    private boolean utteranceOpen;
    private boolean closed;

    RecognitionSession(String modelName, RecognitionModel model, int inputRate, PcmFormat format, double timeOffset)
            throws EngineException {
        this.modelName = modelName;
        this.format = format;
        this.inputRate = inputRate;
        this.resampler = new Resampler(inputRate, model.info().sampleRate());
        this.stream = model.openStream();
        this.timeOffset = timeOffset;
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

    /** Whether a partial was sent since the last final (the current utterance holds uncommitted audio). */
    boolean utteranceOpen() {
        return utteranceOpen;
    }

    /** Session audio time (s) fed so far, including the offset of a resumed session. */
    double audioTime() {
        return timeOffset + (double) inputSamples / inputRate;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            stream.close();
        }
    }
}
