package dev.hark.engine.pocketsphinx.internal;

import com.sun.jna.Library;
import com.sun.jna.Pointer;

/**
 * The few functions of sphinxbase 0.8+5prealpha (Debian {@code libsphinxbase3}) that Hark calls, mapped by
 * JNA. Signatures follow {@code sphinxbase/cmd_ln.h}, {@code err.h}, {@code ngram_model.h}
 * and {@code logmath.h}.
 */
interface SphinxbaseLibrary extends Library {

    /** The real file name: the unversioned {@code libsphinxbase.so} link only comes with the -dev package. */
    String FILE_NAME = "libsphinxbase.so.3";

    /**
     * Parses command-line style arguments into a new configuration ({@code inout == null}), or returns
     * null when they are invalid (unknown flag, a flag given twice, a bad value).
     */
    Pointer cmd_ln_parse_r(Pointer inout, Pointer defn, int argc, String[] argv, int strict);

    /** Drops one reference to a configuration; returns the references left. */
    int cmd_ln_free_r(Pointer cmdln);

    /** Redirects the process-wide log; null disables logging. */
    void err_set_logfp(Pointer file);

    /**
     * The language model's log probability (in its log base, the decoder's) of {@code words[0]} after the history
     * {@code words[1..n-1]}, most recent word first, without language weight or insertion penalty
     * ({@code sphinxbase/ngram_model.h}).
     */
    int ngram_prob(Pointer model, String[] words, int n);

    /** Converts a log value in the decoder's base to a linear one. */
    double logmath_exp(Pointer logmath, int logValue);
}
