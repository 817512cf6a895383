package dev.hark.ui.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.hark.protocol.rest.ServerConfig;
import dev.hark.protocol.rest.TrainingDefaults;

/** The model pickers offer what the server's /api/config says (issue 10: nothing hard-coded). */
class ModelChoicesTest {

    /** A Hark server: trainable models named, a default model. */
    static final ServerConfig HARK = new ServerConfig(List.of("ctc", "en-us", "en-us-digits"), List.of("ljspeech"),
            TrainingDefaults.of(List.of("ctc")), "en-us", "conformer");
    /** The asr-test backend (compat/fixtures/config.json): no trainable_models, no default_model. */
    static final ServerConfig ASR_TEST = new ServerConfig(List.of("conformer", "realtime"), List.of("ljspeech"), null, null, null);

    @Test
    void trainingOffersTheServersTrainableModels() {
        assertEquals(List.of("ctc"), ModelChoices.trainable(HARK));
        assertEquals(List.of("conformer", "realtime"), ModelChoices.trainable(ASR_TEST), "an older server trains what it lists");
        ServerConfig cannotTrain = new ServerConfig(List.of("en-us"), List.of(), TrainingDefaults.of(List.of()), "en-us", null);
        assertEquals(List.of(), ModelChoices.trainable(cannotTrain), "a Hark server that cannot train offers nothing to train");
        assertEquals(List.of(), ModelChoices.trainable(null));
    }

    @Test
    void fileInferenceStartsWithTheServersDefault() {
        assertEquals("en-us", ModelChoices.inferenceDefault(HARK));
        assertEquals("conformer", ModelChoices.inferenceDefault(ASR_TEST), "no default named: the first offered");
        assertEquals("", ModelChoices.inferenceDefault(new ServerConfig(List.of(), List.of(), null, null, null)));
    }

    @Test
    void aChoiceIsKeptWhileTheServerStillOffersIt() {
        assertEquals("realtime", ModelChoices.keep(List.of("conformer", "realtime"), "realtime"));
        assertEquals("ctc", ModelChoices.keep(List.of("ctc"), "realtime"), "another server: its first model");
        assertEquals("", ModelChoices.keep(List.of(), "ctc"));
    }
}
