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
 * @param postSpeechFrames 10 ms frames of silence after speech before the utterance ends: what a final waits for after
 *                      the last word, unless the words so far look like a whole sentence
 * @param endSearch     the passes a language-model search runs when an utterance ends
 * @param sentenceEndFrames 10 ms frames of silence after which the utterance ends when the language model finds the
 *                      words so far a likely whole sentence ({@link #SENTENCE_END_PROBABILITY}); only with a language
 *                      model, and only when shorter than {@code postSpeechFrames} (else one wait for every utterance)
 */
record DecoderSettings(Path acousticModel, Path dictionary, Search search, Path searchFile, int postSpeechFrames,
        EndSearch endSearch, int sentenceEndFrames) {

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
     * Hark's endpointing wait after words that do not look like a whole sentence, in 10 ms frames: 0.5 s, pocketsphinx's
     * own default. A pause inside a sentence shorter than about this wait less the detector's 0.1 s to hear speech again
     * keeps the sentence in one utterance. docs/benchmarks.md ("Endpointing") measured fixed waits of 50, 40, 35, 30 and
     * 20 frames side by side: 30 and 20 split nearly every sentence at a 0.4 s pause inside it.
     */
    static final int DEFAULT_POST_SPEECH_FRAMES = 50;
    /** System property overriding {@link #DEFAULT_POST_SPEECH_FRAMES} (frames, {@value #MIN_POST_SPEECH_FRAMES}-{@value #MAX_POST_SPEECH_FRAMES}). */
    static final String POST_SPEECH_PROPERTY = "hark.pocketsphinx.vadPostspeech";
    static final int MIN_POST_SPEECH_FRAMES = 5;
    static final int MAX_POST_SPEECH_FRAMES = 300;

    /**
     * Hark's endpointing wait after words the language model finds a likely whole sentence, in 10 ms frames: 0.15 s.
     * Most finals come after this wait; docs/benchmarks.md ("Endpointing") measures it against the fixed waits.
     */
    static final int DEFAULT_SENTENCE_END_FRAMES = 15;
    /**
     * System property overriding {@link #DEFAULT_SENTENCE_END_FRAMES} (frames, {@value #MIN_POST_SPEECH_FRAMES}-
     * {@value #MAX_POST_SPEECH_FRAMES}); a value not below the post-speech wait turns the shorter wait off.
     */
    static final String SENTENCE_END_PROPERTY = "hark.pocketsphinx.sentenceEndPostspeech";
    /**
     * P(&lt;/s&gt; | last two words) from which the words so far count as a likely whole sentence. On the benchmark's
     * sentences (docs/benchmarks.md) whole sentences mostly score 0.1-0.4 and their first halves 0.005-0.05.
     */
    static final double SENTENCE_END_PROBABILITY = 0.1;

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
        if (sentenceEndFrames < MIN_POST_SPEECH_FRAMES || sentenceEndFrames > MAX_POST_SPEECH_FRAMES) {
            throw new IllegalArgumentException("sentence-end frames out of range: " + sentenceEndFrames);
        }
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

    /** Settings with Hark's default wait after a likely whole sentence. */
    DecoderSettings(Path acousticModel, Path dictionary, Search search, Path searchFile, int postSpeechFrames,
            EndSearch endSearch) {
        this(acousticModel, dictionary, search, searchFile, postSpeechFrames, endSearch,
                Math.min(DEFAULT_SENTENCE_END_FRAMES, postSpeechFrames));
    }

    /** True when an utterance whose words look like a whole sentence ends after the shorter wait. */
    boolean sentenceAwareEndpoint() {
        return search == Search.LANGUAGE_MODEL && sentenceEndFrames < postSpeechFrames;
    }

    /**
     * Frames a stream holds an utterance open after the detector's wait when its words do not look like a whole
     * sentence; 0 when the endpoint is not sentence aware.
     */
    int holdFrames() {
        return sentenceAwareEndpoint() ? postSpeechFrames - sentenceEndFrames : 0;
    }

    /**
     * The voice activity detector's own wait ({@code -vad_postspeech}): the shorter one when the endpoint is sentence
     * aware (the stream then holds the utterance open for the rest of {@link #postSpeechFrames} when the words do not
     * look like a whole sentence), else the only one.
     */
    int detectorFrames() {
        return sentenceAwareEndpoint() ? sentenceEndFrames : postSpeechFrames;
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
        return configuredFrames(POST_SPEECH_PROPERTY, DEFAULT_POST_SPEECH_FRAMES);
    }

    /** The wait after a likely whole sentence given by {@value #SENTENCE_END_PROPERTY}, or the default; a bad value is an error. */
    static int configuredSentenceEndFrames() throws EngineException {
        return configuredFrames(SENTENCE_END_PROPERTY, DEFAULT_SENTENCE_END_FRAMES);
    }

    private static int configuredFrames(String property, int defaultFrames) throws EngineException {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            return defaultFrames;
        }
        try {
            int frames = Integer.parseInt(value.strip());
            if (frames >= MIN_POST_SPEECH_FRAMES && frames <= MAX_POST_SPEECH_FRAMES) {
                return frames;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new EngineException(EngineException.Kind.UNAVAILABLE, "system property " + property
                + " must be a whole number of 10 ms frames from " + MIN_POST_SPEECH_FRAMES + " to " + MAX_POST_SPEECH_FRAMES
                + ": " + value);
    }

    /**
     * The arguments for {@code cmd_ln_parse_r}. Each flag appears once: the parser rejects a repeated flag.
     * Sample rate (16 kHz) and frame rate (100 per second) stay at their defaults, which the engine relies on.
     */
    List<String> arguments() {
        List<String> args = new ArrayList<>(List.of("-hmm", acousticModel.toString(), "-dict", dictionary.toString(), search.flag,
                searchFile.toString(), "-vad_postspeech", Integer.toString(detectorFrames())));
        if (search == Search.LANGUAGE_MODEL && !endSearch.fwdflat) {
            args.addAll(List.of("-fwdflat", "no"));
        }
        if (search == Search.LANGUAGE_MODEL && !endSearch.bestpath) {
            args.addAll(List.of("-bestpath", "no"));
        }
        return List.copyOf(args);
    }
}
