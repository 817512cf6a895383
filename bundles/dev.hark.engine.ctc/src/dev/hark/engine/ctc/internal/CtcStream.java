package dev.hark.engine.ctc.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import dev.hark.engine.EngineException;
import dev.hark.engine.Hypothesis;
import dev.hark.engine.RecognitionStream;
import dev.hark.engine.ctc.model.AcousticModel;
import dev.hark.engine.ctc.model.GreedyDecoder;
import dev.hark.engine.ctc.model.Lexicon;
import dev.hark.engine.ctc.model.LogMel;
import dev.hark.engine.ctc.model.ModelConfig;
import dev.hark.engine.ctc.model.Vocabulary;

/**
 * Streaming recognition with a {@code ctc} model: log-mel frames as soon as their window is complete, the causal
 * network frame by frame, greedy decoding for partials and, for a model with a {@link Lexicon}, a beam search over its
 * words for finals. A partial is returned when the text changes; an utterance ends (final)
 * after {@value #ENDPOINT_MILLIS} ms of blank output following some text, and then the recurrent state is reset.
 * The result does not depend on how the audio is chunked.
 */
final class CtcStream implements RecognitionStream {

    static final int ENDPOINT_MILLIS = 600;
    /** Without any text for this long, the recurrent state is reset (it was trained on short utterances). */
    static final int IDLE_RESET_MILLIS = 4000;

    private final AcousticModel.State state;
    private final GreedyDecoder decoder;
    private final Vocabulary vocabulary;
    /** Finals are decoded into its words when it has any; partials stay greedy (one frame at a time). */
    private final Lexicon lexicon;
    /** The current utterance's output frames, for the lexicon's decoding of its final; at most {@link #MAX_KEPT}. */
    private final List<float[]> utterance = new ArrayList<>();
    /** 60 s of output frames: a longer utterance's final is the greedy text. */
    static final int MAX_KEPT = 1500;
    private final LogMel mel = new LogMel();
    private final int endpointFrames;
    private final int idleFrames;
    private final double frameSeconds = ModelConfig.outputFrameSeconds();
    private float[] pending = new float[LogMel.WINDOW * 4];
    private int pendingLength;
    private long samples;
    private long outputFrames;
    private long utteranceStartFrame;
    private String lastPartial = "";
    private boolean closed;

    CtcStream(AcousticModel model) {
        this.state = model.newState();
        this.vocabulary = new Vocabulary(model.config().vocabulary());
        this.lexicon = model.lexicon();
        this.decoder = new GreedyDecoder(vocabulary);
        this.endpointFrames = (int) Math.round(ENDPOINT_MILLIS / 1000.0 / frameSeconds);
        this.idleFrames = (int) Math.round(IDLE_RESET_MILLIS / 1000.0 / frameSeconds);
    }

    @Override
    public List<Hypothesis> accept(float[] input, int offset, int length) throws EngineException {
        requireOpen();
        Objects.checkFromIndexSize(offset, length, input.length);
        for (int i = offset; i < offset + length; i++) {
            if (!Float.isFinite(input[i])) {
                throw new EngineException(EngineException.Kind.BAD_AUDIO, "samples must be finite");
            }
        }
        if (pendingLength + length > pending.length) {
            pending = java.util.Arrays.copyOf(pending, Math.max(pending.length * 2, pendingLength + length));
        }
        System.arraycopy(input, offset, pending, pendingLength, length);
        pendingLength += length;
        samples += length;
        List<Hypothesis> out = new ArrayList<>();
        Hypothesis partial = null;
        int start = 0;
        while (pendingLength - start >= LogMel.WINDOW) {
            float[] scores = state.push(mel.frame(pending, start));
            start += LogMel.HOP;
            if (scores == null) {
                continue;
            }
            outputFrames++;
            if (!lexicon.isEmpty() && utterance.size() <= MAX_KEPT) {
                utterance.add(scores.clone());
            }
            boolean changed = decoder.accept(scores);
            String text = decoder.text();
            if (!text.isEmpty() && decoder.trailingBlanks() >= endpointFrames) {
                partial = null;
                out.add(hypothesis(true, finalText(text)));
                newUtterance();
            } else if (changed && !text.isEmpty() && !text.equals(lastPartial)) {
                lastPartial = text;
                partial = hypothesis(false, text);
            } else if (text.isEmpty() && decoder.trailingBlanks() >= idleFrames) {
                newUtterance();
            }
        }
        System.arraycopy(pending, start, pending, 0, pendingLength - start);
        pendingLength -= start;
        if (partial != null) {
            out.add(partial);
        }
        return out;
    }

    /** The final's text: the lexicon's words for the utterance's frames, or the greedy text without a lexicon. */
    private String finalText(String greedy) {
        if (lexicon.isEmpty() || utterance.isEmpty() || utterance.size() > MAX_KEPT) {
            return greedy;
        }
        String words = lexicon.decode(vocabulary, utterance.toArray(float[][]::new), utterance.size());
        return words.isEmpty() ? greedy : words;
    }

    private void newUtterance() {
        utterance.clear();
        utteranceStartFrame = outputFrames;
        decoder.reset();
        state.resetRecurrent();
        lastPartial = "";
    }

    private Hypothesis hypothesis(boolean isFinal, String text) {
        double fed = (double) samples / LogMel.SAMPLE_RATE;
        double start = Math.min(fed, (utteranceStartFrame + Math.max(0, decoder.firstFrame())) * frameSeconds);
        double end = Math.min(fed, (utteranceStartFrame + decoder.lastFrame() + 1) * frameSeconds);
        return new Hypothesis(isFinal, text, start, Math.max(start, end), List.of());
    }

    @Override
    public List<Hypothesis> finish() throws EngineException {
        requireOpen();
        // let the last output frames out: the causal convolutions need up to three more feature frames
        float[] tail = new float[LogMel.HOP * 4];
        long before = samples;
        List<Hypothesis> out = new ArrayList<>(accept(tail, 0, tail.length).stream().filter(Hypothesis::isFinal).toList());
        samples = before;
        String text = decoder.text();
        if (!text.isEmpty()) {
            out.add(hypothesis(true, finalText(text)));
        }
        newUtterance();
        pendingLength = 0;
        return out;
    }

    @Override
    public long samplesAccepted() {
        return samples;
    }

    @Override
    public void close() {
        closed = true;
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("recognition stream is closed");
        }
    }
}
