package dev.hark.engine.pocketsphinx.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

import dev.hark.engine.EngineException;
import dev.hark.engine.Hypothesis;
import dev.hark.engine.RecognitionStream;

/**
 * Streaming recognition on a decoder of its own. Pocketsphinx's voice activity detector finds utterance ends:
 * when it goes from speech to silence the utterance is ended and its final returned, and the next audio starts
 * a new utterance.
 *
 * <p>With a sentence-aware endpoint ({@link DecoderSettings#holdFrames()} above 0) the detector's wait is the short one
 * for likely whole sentences: when it says silence, the stream asks the language model how likely a sentence ends
 * after the words so far ({@link Decoder#sentenceEndProbability}). A likely end ends the utterance at once; otherwise
 * the utterance is held open for the hold frames more, and speech within them continues it (a pause inside a
 * sentence), while silence through them ends it.
 *
 * <p>After {@link #close()}, {@link #accept} and {@link #finish()} throw {@link IllegalStateException};
 * {@link #samplesAccepted()} keeps answering. Closing hands the decoder to its releaser (the model's pool) once; the
 * stream's methods are synchronized, so a close from another thread waits for a call in progress and no call can
 * reach a decoder that another stream has taken since. A decoder whose native call failed is freed, not reused.
 */
final class PocketsphinxStream implements RecognitionStream {

    /**
     * Audio is decoded in blocks of at most this length, and the detector is asked after each one, so that
     * endpointing does not depend on how much audio a caller passes at once, and a final comes within one 10 ms
     * frame of the detector's decision (100 ms blocks cost 50 ms of it on average).
     */
    private static final int BLOCK_MILLIS = 10;
    /**
     * A partial is computed (a search of the best path so far) at most once per this much audio: asking after every
     * 10 ms frame a live client sends cost ~9 % of the decoding time for updates nobody can read that fast.
     */
    static final int PARTIAL_INTERVAL_MILLIS = 100;

    private final Decoder decoder;
    private final Consumer<Decoder> releaser;
    private final int sampleRate;
    private final boolean posteriors;
    private final short[] block;

    private long samples;
    /** {@link #samples} when the last partial was computed. */
    private long partialAt = Long.MIN_VALUE / 2;
    private final int partialInterval;
    private boolean utteranceOpen;
    private boolean inSpeech;
    /** Samples of silence an utterance is held open for after the detector's wait; 0 for a fixed endpoint. */
    private final long holdSamples;
    /**
     * Stream time (s) where the last final ended: the next utterance's times start no earlier. The detector hands the
     * search up to 0.2 s of audio from before it heard speech again, which after a short wait can reach back into the
     * last utterance's trailing silence.
     */
    private double finalEnd;
    /** {@link #samples} at which a held utterance ends unless speech comes back first; -1 when none is held. */
    private long holdUntil = -1;
    /**
     * The partial given when a hold begins, if the words changed since the last one: a held utterance is open, and
     * the server must know it (it commits audio only between utterances).
     */
    private Hypothesis heldPartial;
    /** Word times of a held utterance that went on. */
    private final HeldPieces pieces = new HeldPieces();
    /** Text of the last partial returned for the current utterance, to return only changes. */
    private String lastPartial = "";
    private boolean closed;
    /** A native call failed: the decoder's state is unknown, so it is freed rather than reused. */
    private boolean failed;
    /** The decoder's adaptive state at the last utterance end (or the one it was opened with); null for none. */
    private String adaptiveState;

    /**
     * @param decoder    the decoder this stream uses until it is closed
     * @param posteriors true when the decoder's word posteriors mean something (see {@link DecoderSettings.Search})
     * @param releaser   takes the decoder when the stream is closed (gives it back to a pool, or frees it)
     */
    PocketsphinxStream(Decoder decoder, int sampleRate, boolean posteriors, int holdFrames, Consumer<Decoder> releaser) {
        this(decoder, sampleRate, posteriors, holdFrames, releaser, null);
    }

    /**
     * @param holdFrames    {@link DecoderSettings#holdFrames()}
     * @param adaptiveState the state {@code decoder} was given ({@link Decoder#adopt}), or null
     */
    PocketsphinxStream(Decoder decoder, int sampleRate, boolean posteriors, int holdFrames, Consumer<Decoder> releaser,
            String adaptiveState) {
        this.adaptiveState = adaptiveState;
        this.holdSamples = (long) holdFrames * sampleRate / Decoder.FRAMES_PER_SECOND;
        this.decoder = Objects.requireNonNull(decoder, "decoder");
        this.releaser = Objects.requireNonNull(releaser, "releaser");
        this.sampleRate = sampleRate;
        this.posteriors = posteriors;
        this.block = new short[sampleRate * BLOCK_MILLIS / 1000];
        this.partialInterval = sampleRate * PARTIAL_INTERVAL_MILLIS / 1000;
    }

    /**
     * {@inheritDoc}
     *
     * <p>Returns, in order, the finals of utterances that ended within these samples, then at most one partial:
     * the latest of the utterance still going on, if its text changed since the last one returned.
     */
    @Override
    public synchronized List<Hypothesis> accept(float[] samples, int offset, int length) throws EngineException {
        requireOpen();
        Objects.checkFromIndexSize(offset, length, samples.length);
        Pcm16.requireFinite(samples, offset, length);
        try {
            return decode(samples, offset, length);
        } catch (EngineException | RuntimeException e) {
            failed = true;
            throw e;
        }
    }

    private List<Hypothesis> decode(float[] samples, int offset, int length) throws EngineException {
        List<Hypothesis> results = new ArrayList<>();
        Hypothesis partial = null;
        for (int position = offset; position < offset + length; position += block.length) {
            int count = Math.min(block.length, offset + length - position);
            Pcm16.convert(samples, position, block, count);
            if (!utteranceOpen) {
                decoder.startUtterance();
                utteranceOpen = true;
            }
            decoder.process(block, count);
            this.samples += count;
            boolean speaking = decoder.inSpeech();
            if (speaking && holdUntil >= 0) {
                holdUntil = -1; // speech again: a held utterance goes on
                pieces.continued();
            }
            boolean ends = inSpeech && !speaking && !hold()
                    || holdUntil >= 0 && this.samples >= holdUntil;
            if (ends) {
                partial = null; // replaced by the final
                endUtterance().ifPresent(results::add);
            } else if (heldPartial != null) {
                partial = heldPartial;
                heldPartial = null;
            } else if (speaking && this.samples - partialAt >= partialInterval) {
                partialAt = this.samples;
                Hypothesis changed = changedPartial();
                partial = changed == null ? partial : changed;
            }
            inSpeech = speaking;
        }
        if (partial != null) {
            results.add(partial);
        }
        return results;
    }

    /**
     * Called when the detector has just said silence: true (and the utterance held) when the endpoint is sentence
     * aware and the words so far do not look like a whole sentence.
     */
    private boolean hold() {
        if (holdSamples <= 0) {
            return false;
        }
        String text = decoder.hypothesis();
        if (text.isEmpty() || decoder.sentenceEndProbability(text) >= DecoderSettings.SENTENCE_END_PROBABILITY) {
            return false; // nothing to wait for, or a likely end: NaN (no model) compares false and holds
        }
        holdUntil = samples + holdSamples;
        pieces.held(decoder.segments());
        heldPartial = changedPartial();
        return true;
    }

    @Override
    public synchronized List<Hypothesis> finish() throws EngineException {
        requireOpen();
        if (!utteranceOpen) {
            return List.of();
        }
        try {
            return endUtterance().map(List::of).orElse(List.of());
        } catch (EngineException | RuntimeException e) {
            failed = true;
            throw e;
        }
    }

    /**
     * {@inheritDoc}
     *
     * <p>Captured at every utterance end (after {@code ps_end_utt}, which folds the utterance into the live cepstral
     * mean): 13 means, the running sums and the frame count, ~150 characters.
     */
    @Override
    public synchronized Optional<String> adaptiveState() {
        return Optional.ofNullable(adaptiveState);
    }

    @Override
    public synchronized long samplesAccepted() {
        return samples;
    }

    /** Gives the decoder to the releaser (or frees it, after a failure); later calls do nothing. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (failed) {
            decoder.close();
        } else {
            releaser.accept(decoder);
        }
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("recognition stream is closed");
        }
    }

    /** The current partial if it is non-empty and differs from the last one returned; null otherwise. */
    private Hypothesis changedPartial() {
        String text = decoder.hypothesis();
        if (text.isEmpty() || text.equals(lastPartial)) {
            return null;
        }
        lastPartial = text;
        // Partial posteriors are always 0 (pocketsphinx computes them only at the utterance end): none given.
        return hypothesis(false, text, false);
    }

    /** Ends the utterance; its final, unless it recognized nothing. */
    private Optional<Hypothesis> endUtterance() throws EngineException {
        decoder.endUtterance();
        adaptiveState = decoder.adaptiveState().orElse(adaptiveState);
        utteranceOpen = false;
        inSpeech = false;
        holdUntil = -1;
        lastPartial = "";
        partialAt = Long.MIN_VALUE / 2;
        String text = decoder.hypothesis();
        if (text.isEmpty()) {
            pieces.reset();
            return Optional.empty();
        }
        Hypothesis last = hypothesis(true, text, posteriors);
        pieces.reset();
        finalEnd = last.end();
        return Optional.of(last);
    }

    /**
     * Builds a hypothesis from the decoder's segmentation. Pocketsphinx 0.8+5prealpha counts frames from the
     * decoder's first sample, across utterances, so frame numbers are already stream times. Times are clipped to
     * the audio fed so far: the last frame may reach past it by the analysis window; and to start after the last final.
     */
    private Hypothesis hypothesis(boolean isFinal, String text, boolean withConfidence) {
        double fed = (double) samples / sampleRate;
        List<Hypothesis.Word> words = new ArrayList<>();
        double start = fed;
        double end = 0;
        for (Decoder.Segment segment : pieces.map(decoder.segments())) {
            double segmentEnd = Math.min(fed, (double) (segment.lastFrame() + 1) / Decoder.FRAMES_PER_SECOND);
            if (segmentEnd <= finalEnd) {
                continue; // silence before the detector heard speech, within the last utterance's span
            }
            double segmentStart = Math.min(fed, Math.max(finalEnd, (double) segment.firstFrame() / Decoder.FRAMES_PER_SECOND));
            start = Math.min(start, segmentStart);
            end = Math.max(end, segmentEnd);
            if (!Words.isFiller(segment.word())) {
                double confidence = withConfidence ? segment.posterior() : Double.NaN;
                words.add(new Hypothesis.Word(Words.spelling(segment.word()), segmentStart, segmentEnd, confidence));
            }
        }
        return new Hypothesis(isFinal, text, start, Math.max(start, end), words);
    }
}
