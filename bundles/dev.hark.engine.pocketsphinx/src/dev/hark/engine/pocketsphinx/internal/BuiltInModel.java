package dev.hark.engine.pocketsphinx.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import dev.hark.engine.EngineException;
import dev.hark.engine.ModelInfo;
import dev.hark.engine.pocketsphinx.internal.DecoderSettings.Search;

/**
 * The models this engine serves, all built on the US English model of Debian's {@code pocketsphinx-en-us}:
 * its acoustic model and dictionary, with either its generic language model or a grammar of our own.
 * Language models are read from the model directory; grammars ship in this bundle (see {@link BundledGrammar}).
 */
enum BuiltInModel {

    EN_US("en-us", "US English, general vocabulary (CMU generic language model)", Search.LANGUAGE_MODEL,
            "en-us.lm.bin"),
    EN_US_DIGITS("en-us-digits", "US English digit strings (zero or oh to nine, any length)", Search.GRAMMAR,
            "digits.jsgf");

    /** The rate of the acoustic model and pocketsphinx's default {@code -samprate}. */
    static final int SAMPLE_RATE = 16_000;
    /** The Debian package with the files below. */
    static final String MODEL_PACKAGE = "pocketsphinx-en-us";

    private static final String ACOUSTIC_MODEL = "en-us";
    private static final String DICTIONARY = "cmudict-en-us.dict";

    private final String modelName;
    private final String description;
    private final Search search;
    private final String searchFile;

    BuiltInModel(String modelName, String description, Search search, String searchFile) {
        this.modelName = modelName;
        this.description = description;
        this.search = search;
        this.searchFile = searchFile;
    }

    static Optional<BuiltInModel> named(String name) {
        return Arrays.stream(values()).filter(m -> m.modelName.equals(name)).findFirst();
    }

    String modelName() {
        return modelName;
    }

    /** @param problem why the model cannot be opened now, if it cannot */
    ModelInfo info(Path modelDirectory, Optional<String> problem) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("language", "en-US");
        details.put("search", search == Search.LANGUAGE_MODEL ? "language model" : "grammar");
        details.put(search == Search.LANGUAGE_MODEL ? "languageModel" : "grammar", searchFile);
        details.put("modelDirectory", modelDirectory.toString());
        details.put("available", problem.isEmpty());
        problem.ifPresent(p -> details.put("problem", p));
        return new ModelInfo(modelName, PocketsphinxEngine.ID, description, SAMPLE_RATE, true, details);
    }

    /** Fails with {@link EngineException.Kind#UNAVAILABLE} unless the model directory has what this model needs. */
    void requireFiles(Path modelDirectory) throws EngineException {
        require(modelDirectory.resolve(ACOUSTIC_MODEL), true);
        require(modelDirectory.resolve(DICTIONARY), false);
        if (search == Search.LANGUAGE_MODEL) {
            require(modelDirectory.resolve(searchFile), false);
        }
    }

    PocketsphinxModel open(Path modelDirectory, NativeSphinx natives) throws EngineException {
        return open(modelDirectory, natives, DecoderPool.configuredBound());
    }

    /** @param idleDecoders how many used decoders the model keeps for its next streams ({@link DecoderPool}) */
    PocketsphinxModel open(Path modelDirectory, NativeSphinx natives, int idleDecoders) throws EngineException {
        requireFiles(modelDirectory);
        Path acousticModel = modelDirectory.resolve(ACOUSTIC_MODEL);
        Path dictionary = modelDirectory.resolve(DICTIONARY);
        ModelInfo info = info(modelDirectory, Optional.empty());
        int postSpeech = DecoderSettings.configuredPostSpeechFrames();
        DecoderSettings.EndSearch endSearch = DecoderSettings.configuredEndSearch();
        int sentenceEnd = DecoderSettings.configuredSentenceEndFrames();
        return switch (search) {
            case LANGUAGE_MODEL -> new PocketsphinxModel(info,
                    new DecoderSettings(acousticModel, dictionary, search, modelDirectory.resolve(searchFile), postSpeech,
                            endSearch, sentenceEnd),
                    natives, new DecoderPool(modelName, idleDecoders), () -> { });
            case GRAMMAR -> {
                Path grammar = BundledGrammar.extract(searchFile);
                yield new PocketsphinxModel(info, new DecoderSettings(acousticModel, dictionary, search, grammar, postSpeech, endSearch,
                        sentenceEnd),
                        natives, new DecoderPool(modelName, idleDecoders), () -> BundledGrammar.delete(grammar));
            }
        };
    }

    private static void require(Path path, boolean directory) throws EngineException {
        boolean present = directory ? Files.isDirectory(path) : Files.isRegularFile(path) && Files.isReadable(path);
        if (!present) {
            throw new EngineException(EngineException.Kind.UNAVAILABLE,
                    "pocketsphinx model " + (directory ? "directory" : "file") + " missing: " + path
                            + "; install the Debian package " + MODEL_PACKAGE + " or point the system property "
                            + PocketsphinxEngine.MODEL_DIRECTORY_PROPERTY + " at a copy of its model");
        }
    }
}
