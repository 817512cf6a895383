package dev.hark.engine.pocketsphinx.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.hark.engine.EngineException;
import dev.hark.engine.Hypothesis;
import dev.hark.engine.ModelInfo;
import dev.hark.engine.RecognitionModel;
import dev.hark.engine.RecognitionStream;
import dev.hark.engine.pocketsphinx.internal.PocketsphinxEngine;

/** Errors come out as the SPI's exceptions, never as crashes or native errors. */
class EngineErrorsTest {

    private static RecognitionModel model;

    /** The digit grammar: the fastest model to load, and errors do not depend on the search. */
    @BeforeAll
    static void openModel() throws Exception {
        model = new PocketsphinxEngine().open("en-us-digits");
    }

    @AfterAll
    static void closeModel() {
        if (model != null) {
            model.close();
        }
    }

    @Test
    void unknownModelIsReportedAsSuch() {
        EngineException e = assertThrows(EngineException.class, () -> new PocketsphinxEngine().open("klingon"));
        assertEquals(EngineException.Kind.UNKNOWN_MODEL, e.kind());
        assertTrue(e.getMessage().contains("klingon") && e.getMessage().contains("en-us-digits"), e.getMessage());
    }

    @Test
    void nonFiniteSamplesAreBadAudioAndLeaveTheStreamUsable() throws Exception {
        try (RecognitionStream stream = model.openStream()) {
            float[] nan = new float[1600];
            nan[800] = Float.NaN;
            assertEquals(EngineException.Kind.BAD_AUDIO,
                    assertThrows(EngineException.class, () -> stream.accept(nan, 0, nan.length)).kind());
            float[] infinite = { 0f, Float.POSITIVE_INFINITY };
            assertEquals(EngineException.Kind.BAD_AUDIO,
                    assertThrows(EngineException.class, () -> stream.accept(infinite, 0, 2)).kind());
            assertEquals(0, stream.samplesAccepted(), "rejected audio must not be decoded");

            List<Hypothesis> results = Feed.inChunks(stream, Speech.utterance(Speech.flite("nine oh five")));
            assertEquals("nine oh five", Feed.finalText(results));
        }
    }

    @Test
    void transcribingNothingOrNaNIsBadAudio() {
        assertEquals(EngineException.Kind.BAD_AUDIO,
                assertThrows(EngineException.class, () -> model.transcribe(new float[0])).kind());
        assertEquals(EngineException.Kind.BAD_AUDIO,
                assertThrows(EngineException.class, () -> model.transcribe(new float[] { Float.NaN })).kind());
    }

    @Test
    void samplesBeyondFullScaleAreClippedNotRejected() throws Exception {
        float[] loud = Speech.flite("four two");
        for (int i = 0; i < loud.length; i++) {
            loud[i] *= 4;
        }
        assertFalse(model.transcribe(loud).text().isEmpty());
    }

    @Test
    void streamUseAfterCloseIsIllegalAndCloseIsIdempotent() throws Exception {
        RecognitionStream stream = model.openStream();
        stream.accept(new float[1600], 0, 1600);
        stream.close();
        stream.close();
        assertThrows(IllegalStateException.class, () -> stream.accept(new float[160], 0, 160));
        assertThrows(IllegalStateException.class, stream::finish);
        assertEquals(1600, stream.samplesAccepted());
    }

    @Test
    void modelUseAfterCloseIsIllegalAndCloseIsIdempotent() throws Exception {
        RecognitionModel closed = new PocketsphinxEngine().open("en-us-digits");
        closed.close();
        closed.close();
        assertThrows(IllegalStateException.class, closed::openStream);
        assertThrows(IllegalStateException.class, () -> closed.transcribe(new float[160]));
        assertEquals("en-us-digits", closed.info().name());
    }

    @Test
    void missingModelFilesMakeModelsUnavailableWithThePackageToInstall() {
        PocketsphinxEngine engine = new PocketsphinxEngine(Path.of("/nonexistent/hark-model"));
        List<ModelInfo> models = engine.models();
        assertEquals(List.of("en-us", "en-us-digits"), models.stream().map(ModelInfo::name).toList());
        for (ModelInfo info : models) {
            assertEquals(Boolean.FALSE, info.details().get("available"), info.toString());
            assertTrue(String.valueOf(info.details().get("problem")).contains("pocketsphinx-en-us"), info.toString());
            EngineException e = assertThrows(EngineException.class, () -> engine.open(info.name()));
            assertEquals(EngineException.Kind.UNAVAILABLE, e.kind());
            assertTrue(e.getMessage().contains("pocketsphinx-en-us") && e.getMessage().contains("/nonexistent"),
                    e.getMessage());
        }
    }
}
