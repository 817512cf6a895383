package dev.hark.engine.pocketsphinx.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;

import dev.hark.engine.EngineException;

/**
 * One native pocketsphinx decoder ({@code ps_decoder_t}), owned by this object and freed exactly once by
 * {@link #close()}. A thin layer: it turns return codes into exceptions and native structures into Java
 * values, and leaves recognition policy (endpointing, filler words, times) to the stream.
 *
 * <p>Methods are synchronized so that a {@link #close()} from another thread can never free the decoder while
 * a native call is using it; callers use one decoder from one thread otherwise.
 */
final class Decoder implements AutoCloseable {

    /** Frames per second: pocketsphinx's default {@code -frate}, which Hark never changes. */
    static final int FRAMES_PER_SECOND = 100;

    /**
     * Serializes decoder creation: {@code ps_init} (and the configuration parsing before it) is not thread-safe in
     * sphinxbase 5prealpha. Every number it parses (float flags such as {@code -beam}, the model's {@code -cmninit}
     * vector, the log base) goes through {@code sb_strtod}, David Gay's dtoa built without {@code MULTIPLE_THREADS}:
     * its Bigint free lists and power-of-5 cache are unlocked statics, so two parses at once can corrupt the native
     * heap. The front end's frequency-warping setup writes file-level statics too ({@code fe_warp_*.c}). Decoders are
     * independent once created. Creation is made rare instead: a model keeps a few used decoders for its next
     * streams ({@link DecoderPool}).
     */
    private static final Object CREATION_LOCK = new Object();

    /**
     * One word (or filler) of a hypothesis as the decoder reports it.
     *
     * @param word       dictionary spelling, e.g. {@code one(2)} or {@code <sil>}
     * @param firstFrame first frame, counted from the decoder's first sample
     * @param lastFrame  last frame, inclusive
     * @param posterior  posterior probability in [0, 1] (1.0 when the search computes none)
     */
    record Segment(String word, int firstFrame, int lastFrame, double posterior) {
    }

    /** The language model's end-of-sentence word. */
    private static final String SENTENCE_END = "</s>";

    /** Native decoders created and not yet freed, in this process (for tests and diagnostics). */
    private static final AtomicInteger LIVE = new AtomicInteger();

    private final NativeSphinx natives;
    private Pointer decoder;
    private final Pointer logmath;
    /** The adaptive state of the new decoder, which {@link #reset()} restores; null when it could not be read. */
    private final AdaptiveState initial;
    private boolean utteranceOpen;

    private Decoder(NativeSphinx natives, Pointer decoder) {
        this.natives = natives;
        this.decoder = decoder;
        this.logmath = natives.pocketsphinx().ps_get_logmath(decoder);
        this.initial = AdaptiveState.capture(natives.pocketsphinx(), decoder).orElse(null);
    }

    /** Native decoders alive in this process now. */
    static int live() {
        return LIVE.get();
    }

    /** Loads a decoder. Slow (model loading) and memory-hungry: one per stream. */
    static Decoder open(NativeSphinx natives, DecoderSettings settings) throws EngineException {
        SphinxbaseLibrary sphinxbase = natives.sphinxbase();
        PocketsphinxLibrary pocketsphinx = natives.pocketsphinx();
        List<String> args = settings.arguments();
        synchronized (CREATION_LOCK) {
            Pointer config = sphinxbase.cmd_ln_parse_r(null, pocketsphinx.ps_args(), args.size(),
                    args.toArray(String[]::new), 1);
            if (config == null) {
                throw new EngineException(EngineException.Kind.ENGINE_FAILURE,
                        "pocketsphinx rejected its arguments " + args);
            }
            try {
                Pointer decoder = pocketsphinx.ps_init(config);
                if (decoder == null) {
                    throw new EngineException(EngineException.Kind.UNAVAILABLE,
                            "pocketsphinx could not load the model " + args + " (unreadable or corrupt files?)");
                }
                LIVE.incrementAndGet();
                return new Decoder(natives, decoder);
            } finally {
                // ps_init takes its own reference to the configuration; ours is no longer needed.
                sphinxbase.cmd_ln_free_r(config);
            }
        }
    }

    synchronized void startUtterance() throws EngineException {
        check("ps_start_utt", natives.pocketsphinx().ps_start_utt(handle()));
        utteranceOpen = true;
    }

    /** Decodes the first {@code count} samples of {@code pcm} (16 kHz int16). */
    synchronized void process(short[] pcm, int count) throws EngineException {
        check("ps_process_raw",
                natives.pocketsphinx().ps_process_raw(handle(), pcm, new PocketsphinxLibrary.SizeT(count), 0, 0));
    }

    /** The voice activity detector's verdict on the last samples processed. */
    synchronized boolean inSpeech() {
        return natives.pocketsphinx().ps_get_in_speech(handle()) != 0;
    }

    synchronized void endUtterance() throws EngineException {
        utteranceOpen = false;
        check("ps_end_utt", natives.pocketsphinx().ps_end_utt(handle()));
    }

    /** The best hypothesis of the current (or just ended) utterance, fillers excluded; "" when none. */
    synchronized String hypothesis() {
        String text = natives.pocketsphinx().ps_get_hyp(handle(), new IntByReference());
        return text == null ? "" : text.strip();
    }

    /**
     * How likely the language model finds it that a sentence ends after {@code text} (the hypothesis so far):
     * P(&lt;/s&gt; | its last two words), in [0, 1]. Only for a decoder created with a language model ({@code -lm});
     * NaN when it has none loaded.
     */
    synchronized double sentenceEndProbability(String text) {
        PocketsphinxLibrary pocketsphinx = natives.pocketsphinx();
        Pointer lm = pocketsphinx.ps_get_lm(handle(), pocketsphinx.ps_get_search(handle()));
        if (lm == null) {
            return Double.NaN;
        }
        String[] words = text.strip().split("\\s+");
        int history = text.isBlank() ? 0 : Math.min(2, words.length);
        String[] query = new String[1 + history];
        query[0] = SENTENCE_END;
        for (int i = 0; i < history; i++) {
            query[1 + i] = words[words.length - 1 - i];
        }
        int logProbability = natives.sphinxbase().ngram_prob(lm, query, query.length);
        return Math.min(1.0, natives.sphinxbase().logmath_exp(logmath, logProbability));
    }

    /** The segmentation of the best hypothesis, fillers included, in time order. */
    synchronized List<Segment> segments() {
        PocketsphinxLibrary pocketsphinx = natives.pocketsphinx();
        List<Segment> segments = new ArrayList<>();
        IntByReference first = new IntByReference();
        IntByReference last = new IntByReference();
        IntByReference unused = new IntByReference();
        Pointer seg = pocketsphinx.ps_seg_iter(handle());
        try {
            while (seg != null) {
                pocketsphinx.ps_seg_frames(seg, first, last);
                int logPosterior = pocketsphinx.ps_seg_prob(seg, unused, unused, unused);
                // rounding in the lattice makes some log posteriors slightly positive (1.0001): cap at 1
                double posterior = Math.min(1.0, natives.sphinxbase().logmath_exp(logmath, logPosterior));
                segments.add(new Segment(pocketsphinx.ps_seg_word(seg), first.getValue(), last.getValue(), posterior));
                seg = pocketsphinx.ps_seg_next(seg); // frees the iterator when it returns null
            }
        } finally {
            if (seg != null) {
                pocketsphinx.ps_seg_free(seg); // only when something above threw
            }
        }
        return segments;
    }

    /** The cepstral mean the decoder would normalize the next frame with, or null when unreadable (for tests). */
    synchronized float[] cepstralMean() {
        return AdaptiveState.capture(natives.pocketsphinx(), handle()).map(AdaptiveState::mean).orElse(null);
    }

    /** Its adaptive state now, in wire form ({@link AdaptiveState#encode()}); empty when unreadable or still at its default. */
    synchronized java.util.Optional<String> adaptiveState() {
        return AdaptiveState.capture(natives.pocketsphinx(), handle()).flatMap(AdaptiveState::encode);
    }

    /**
     * Continues from {@code wire}, a state an earlier decoder of the same model gave ({@link #adaptiveState()}). Call it
     * before the first audio. The state is checked strictly first ({@link AdaptiveState#decode}).
     *
     * @throws EngineException {@link EngineException.Kind#BAD_STATE} when the state is not one such a decoder makes,
     *                         or when this decoder's own state cannot be read (so it cannot be written either)
     */
    synchronized void adopt(String wire) throws EngineException {
        if (initial == null) {
            throw new EngineException(EngineException.Kind.BAD_STATE,
                    "this pocketsphinx build's decoder state cannot be read, so no state can be restored");
        }
        AdaptiveState state;
        try {
            state = AdaptiveState.decode(wire, initial.mean().length);
        } catch (IllegalArgumentException e) {
            throw new EngineException(EngineException.Kind.BAD_STATE, "bad adaptive state: " + e.getMessage());
        }
        state.restore(natives.pocketsphinx(), handle());
    }

    /**
     * Makes this decoder start as a new one would, for another stream: ends an open utterance (its result is
     * dropped), starts a new stream (noise estimate, sample and frame counters: times restart at 0) and writes back
     * the new decoder's cepstral mean ({@link AdaptiveState}).
     *
     * @return false when it cannot (closed, the state could not be read at creation, or a call failed): then
     *         free it instead of reusing it
     */
    synchronized boolean reset() {
        if (decoder == null || initial == null) {
            return false;
        }
        try {
            PocketsphinxLibrary pocketsphinx = natives.pocketsphinx();
            if (utteranceOpen) {
                utteranceOpen = false;
                if (pocketsphinx.ps_end_utt(decoder) < 0) {
                    return false;
                }
            }
            if (pocketsphinx.ps_start_stream(decoder) < 0) {
                return false;
            }
            initial.restore(pocketsphinx, decoder);
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** Frees the native decoder and returns its memory to the system ({@link MallocTrim}); later calls do nothing. */
    @Override
    public synchronized void close() {
        if (decoder != null) {
            natives.pocketsphinx().ps_free(decoder);
            decoder = null;
            LIVE.decrementAndGet();
            MallocTrim.trim();
        }
    }

    private Pointer handle() {
        if (decoder == null) {
            throw new IllegalStateException("pocketsphinx decoder is closed");
        }
        return decoder;
    }

    private static void check(String function, int result) throws EngineException {
        if (result < 0) {
            throw new EngineException(EngineException.Kind.ENGINE_FAILURE, function + " failed (" + result + ")");
        }
    }
}
