package dev.hark.engine.pocketsphinx.internal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

import dev.hark.engine.EngineException;

/**
 * What a decoder is created from: acoustic model, pronunciation dictionary and one search (a language model
 * or a grammar). Pure data; creating a decoder from it is {@link Decoder#open}'s job.
 *
 * @param acousticModel the acoustic model directory ({@code -hmm})
 * @param dictionary    the pronunciation dictionary ({@code -dict})
 * @param search        how word sequences are constrained
 * @param searchFile    the language model or grammar file
 * @param postSpeechFrames 10 ms frames of silence after speech before the voice activity detector ends the utterance
 *                      ({@code -vad_postspeech}): what a final waits for after the last word
 * @param endSearch     the passes a language-model search runs when an utterance ends
 */
record DecoderSettings(Path acousticModel, Path dictionary, Search search, Path searchFile, int postSpeechFrames,
        EndSearch endSearch) {

    /**
     * The passes of pocketsphinx's n-gram search after the first (the tree search that also gives the partials): each
     * costs time between the end of speech and the final. docs/benchmarks.md ("Endpointing") measures them.
     */
    enum EndSearch {
        /** Pocketsphinx's default: the flat-lexicon pass over the whole utterance, then the best path through its lattice. */
        FULL(true, true),
        /** Without the flat-lexicon pass ({@code -fwdflat no}): the best path through the tree search's lattice. */
        BESTPATH(false, true),
        /** The tree search's own result ({@code -fwdflat no -bestpath no}); no word posteriors. */
        TREE(false, false);

        final boolean fwdflat;
        final boolean bestpath;

        EndSearch(boolean fwdflat, boolean bestpath) {
            this.fwdflat = fwdflat;
            this.bestpath = bestpath;
        }
    }

    /** System property choosing the {@link EndSearch}: {@code full} (the default), {@code bestpath} or {@code tree}. */
    static final String END_SEARCH_PROPERTY = "hark.pocketsphinx.endSearch";

    /**
     * Hark's endpointing wait, in 10 ms frames: 0.4 s. Pocketsphinx's default, 50 (0.5 s), is most of the time from
     * the end of speech to a final. docs/benchmarks.md ("Endpointing") measured 50, 40, 35, 30 and 20 side by side:
     * 40 cut p50 end of speech to final by about a third and split no sentence at a 0.25 or 0.3 s pause inside it,
     * 35 split some at 0.3 s, 30 and 20 nearly all at 0.4 s; no setting changed the words recognized.
     */
    static final int DEFAULT_POST_SPEECH_FRAMES = 40;
    /** System property overriding {@link #DEFAULT_POST_SPEECH_FRAMES} (frames, {@value #MIN_POST_SPEECH_FRAMES}-{@value #MAX_POST_SPEECH_FRAMES}). */
    static final String POST_SPEECH_PROPERTY = "hark.pocketsphinx.vadPostspeech";
    static final int MIN_POST_SPEECH_FRAMES = 5;
    static final int MAX_POST_SPEECH_FRAMES = 300;

    /** The kinds of search Hark uses, with the pocketsphinx flag that selects each. */
    enum Search {
        /** An n-gram language model; its best-path pass yields word posteriors. */
        LANGUAGE_MODEL("-lm", true),
        /** A JSGF grammar; the finite-state search computes no posteriors (it reports 1.0 for every word). */
        GRAMMAR("-jsgf", false);

        private final String flag;
        private final boolean posteriors;

        Search(String flag, boolean posteriors) {
            this.flag = flag;
            this.posteriors = posteriors;
        }

        /** True when word confidences from this search mean something. */
        boolean hasPosteriors() {
            return posteriors;
        }
    }

    DecoderSettings {
        Objects.requireNonNull(endSearch, "endSearch");
        Objects.requireNonNull(acousticModel, "acousticModel");
        Objects.requireNonNull(dictionary, "dictionary");
        Objects.requireNonNull(search, "search");
        Objects.requireNonNull(searchFile, "searchFile");
        if (postSpeechFrames < MIN_POST_SPEECH_FRAMES || postSpeechFrames > MAX_POST_SPEECH_FRAMES) {
            throw new IllegalArgumentException("post-speech frames out of range: " + postSpeechFrames);
        }
    }

    /** Settings with Hark's default endpointing. */
    DecoderSettings(Path acousticModel, Path dictionary, Search search, Path searchFile) {
        this(acousticModel, dictionary, search, searchFile, DEFAULT_POST_SPEECH_FRAMES);
    }

    /** Settings with pocketsphinx's full end-of-utterance search. */
    DecoderSettings(Path acousticModel, Path dictionary, Search search, Path searchFile, int postSpeechFrames) {
        this(acousticModel, dictionary, search, searchFile, postSpeechFrames, EndSearch.FULL);
    }

    /** True when the decoder's word posteriors mean something: a language model searched to its best path. */
    boolean posteriors() {
        return search.hasPosteriors() && endSearch.bestpath;
    }

    /** The end search given by {@value #END_SEARCH_PROPERTY}, or {@link EndSearch#FULL}; a bad value is an error that names it. */
    static EndSearch configuredEndSearch() throws EngineException {
        String value = System.getProperty(END_SEARCH_PROPERTY);
        if (value == null || value.isBlank()) {
            return EndSearch.FULL;
        }
        try {
            return EndSearch.valueOf(value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new EngineException(EngineException.Kind.UNAVAILABLE, "system property " + END_SEARCH_PROPERTY
                    + " must be full, bestpath or tree: " + value);
        }
    }

    /** The endpointing wait given by {@value #POST_SPEECH_PROPERTY}, or the default; a bad value is an error that names it. */
    static int configuredPostSpeechFrames() throws EngineException {
        String value = System.getProperty(POST_SPEECH_PROPERTY);
        if (value == null || value.isBlank()) {
            return DEFAULT_POST_SPEECH_FRAMES;
        }
        try {
            int frames = Integer.parseInt(value.strip());
            if (frames >= MIN_POST_SPEECH_FRAMES && frames <= MAX_POST_SPEECH_FRAMES) {
                return frames;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new EngineException(EngineException.Kind.UNAVAILABLE, "system property " + POST_SPEECH_PROPERTY
                + " must be a whole number of 10 ms frames from " + MIN_POST_SPEECH_FRAMES + " to " + MAX_POST_SPEECH_FRAMES
                + ": " + value);
    }

    /**
     * The arguments for {@code cmd_ln_parse_r}. Each flag appears once: the parser rejects a repeated flag.
     * Sample rate (16 kHz) and frame rate (100 per second) stay at their defaults, which the engine relies on.
     */
    List<String> arguments() {
        List<String> args = new ArrayList<>(List.of("-hmm", acousticModel.toString(), "-dict", dictionary.toString(), search.flag,
                searchFile.toString(), "-vad_postspeech", Integer.toString(postSpeechFrames)));
        if (search == Search.LANGUAGE_MODEL && !endSearch.fwdflat) {
            args.addAll(List.of("-fwdflat", "no"));
        }
        if (search == Search.LANGUAGE_MODEL && !endSearch.bestpath) {
            args.addAll(List.of("-bestpath", "no"));
        }
        return List.copyOf(args);
    }
}
