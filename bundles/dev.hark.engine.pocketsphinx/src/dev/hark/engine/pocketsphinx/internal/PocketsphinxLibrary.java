package dev.hark.engine.pocketsphinx.internal;

import com.sun.jna.IntegerType;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;

/**
 * The functions of the old (pre-5.0) pocketsphinx C API, 0.8+5prealpha as in Debian {@code libpocketsphinx3},
 * mapped by JNA. Signatures follow {@code pocketsphinx/pocketsphinx.h}. Functions returning {@code int}
 * report failure with a negative value.
 */
interface PocketsphinxLibrary extends Library {

    /** The real file name: the unversioned {@code libpocketsphinx.so} link only comes with the -dev package. */
    String FILE_NAME = "libpocketsphinx.so.3";

    /** C {@code size_t}, whose width differs between platforms. */
    final class SizeT extends IntegerType {
        private static final long serialVersionUID = 1L;

        public SizeT() {
            this(0);
        }

        public SizeT(long value) {
            super(Native.SIZE_T_SIZE, value, true);
        }
    }

    /** The argument definitions that {@code cmd_ln_parse_r} needs to build a decoder configuration. */
    Pointer ps_args();

    /** Creates a decoder, or returns null when the model cannot be loaded. Takes its own config reference. */
    Pointer ps_init(Pointer config);

    /** Drops the decoder reference; returns the references left (0 when freed). */
    int ps_free(Pointer ps);

    /**
     * Starts a new stream on the decoder: resets the front end's noise estimate and sample counter and the
     * utterance frame counter (times restart at 0). Leaves the cepstral mean alone (see {@link AdaptiveState}).
     */
    int ps_start_stream(Pointer ps);

    /** The decoder's feature computation ({@code feat_t}, sphinxbase/feat.h); owned by the decoder. */
    Pointer ps_get_feat(Pointer ps);

    int ps_start_utt(Pointer ps);

    /** Returns the number of frames searched, or a negative value on error. */
    int ps_process_raw(Pointer ps, short[] data, SizeT samples, int noSearch, int fullUtt);

    /** 1 when the last buffer fed contained speech (the voice activity detector's state), else 0. */
    byte ps_get_in_speech(Pointer ps);

    int ps_end_utt(Pointer ps);

    /** The best hypothesis so far, or null; the decoder owns the string. */
    String ps_get_hyp(Pointer ps, IntByReference bestScore);

    /** The name of the decoder's active search; owned by the decoder. */
    String ps_get_search(Pointer ps);

    /**
     * The language model ({@code ngram_model_t}) of the named search; owned by the decoder. Only asked of a decoder
     * created with {@code -lm} (its one search is an n-gram search).
     */
    Pointer ps_get_lm(Pointer ps, String name);

    /** The decoder's log base, for {@link SphinxbaseLibrary#logmath_exp}; owned by the decoder. */
    Pointer ps_get_logmath(Pointer ps);

    /** An iterator over the words of the best hypothesis, or null when there is none. */
    Pointer ps_seg_iter(Pointer ps);

    /** Advances the iterator; returns null (and frees it) after the last segment. */
    Pointer ps_seg_next(Pointer seg);

    String ps_seg_word(Pointer seg);

    /** First and last frame of the segment, both inclusive. */
    void ps_seg_frames(Pointer seg, IntByReference startFrame, IntByReference endFrame);

    /** Log posterior probability of the segment (0, i.e. 1.0, when the search computes none). */
    int ps_seg_prob(Pointer seg, IntByReference acousticScore, IntByReference languageScore,
            IntByReference languageBackoff);

    /** Frees an iterator that was not run to its end. */
    void ps_seg_free(Pointer seg);
}
