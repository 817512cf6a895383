package dev.hark.engine.pocketsphinx.internal;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * What a decoder is created from: acoustic model, pronunciation dictionary and one search (a language model
 * or a grammar). Pure data; creating a decoder from it is {@link Decoder#open}'s job.
 *
 * @param acousticModel the acoustic model directory ({@code -hmm})
 * @param dictionary    the pronunciation dictionary ({@code -dict})
 * @param search        how word sequences are constrained
 * @param searchFile    the language model or grammar file
 */
record DecoderSettings(Path acousticModel, Path dictionary, Search search, Path searchFile) {

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
        Objects.requireNonNull(acousticModel, "acousticModel");
        Objects.requireNonNull(dictionary, "dictionary");
        Objects.requireNonNull(search, "search");
        Objects.requireNonNull(searchFile, "searchFile");
    }

    /**
     * The arguments for {@code cmd_ln_parse_r}. Each flag appears once: the parser rejects a repeated flag.
     * Sample rate (16 kHz) and frame rate (100 per second) stay at their defaults, which the engine relies on.
     */
    List<String> arguments() {
        return List.of("-hmm", acousticModel.toString(), "-dict", dictionary.toString(), search.flag,
                searchFile.toString());
    }
}
