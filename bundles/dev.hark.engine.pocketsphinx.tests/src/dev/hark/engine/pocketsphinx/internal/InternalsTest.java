package dev.hark.engine.pocketsphinx.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.hark.engine.EngineException;

/** The parts between the SPI and the decoder that can be checked without decoding. */
class InternalsTest {

    @Test
    void fillersAreRecognized() {
        for (String filler : new String[] { "<s>", "</s>", "<sil>", "[NOISE]", "[SPEECH]", "++BREATH++", "(NULL)", "" }) {
            assertTrue(Words.isFiller(filler), filler);
        }
        for (String word : new String[] { "one", "one(2)", "don't", "a" }) {
            assertFalse(Words.isFiller(word), word);
        }
    }

    @Test
    void pronunciationVariantSuffixIsStripped() {
        assertEquals("one", Words.spelling("one(2)"));
        assertEquals("read", Words.spelling("read(13)"));
        assertEquals("one", Words.spelling("one"));
    }

    @Test
    void samplesAreScaledAndClipped() {
        float[] source = { 0f, 1f, -1f, 0.5f, 2f, -3f, 7f };
        short[] target = new short[6];
        Pcm16.convert(source, 0, target, 6);
        assertArrayEquals(new short[] { 0, 32767, -32767, 16384, 32767, -32767 }, target);
    }

    @Test
    void nonFiniteSamplesAreBadAudio() throws Exception {
        float[] samples = { 0f, Float.NaN, Float.NEGATIVE_INFINITY };
        Pcm16.requireFinite(samples, 0, 1);
        EngineException e = assertThrows(EngineException.class, () -> Pcm16.requireFinite(samples, 0, 3));
        assertEquals(EngineException.Kind.BAD_AUDIO, e.kind());
    }

    @Test
    void decoderArgumentsNameEachFlagOnce() {
        DecoderSettings settings = new DecoderSettings(Path.of("/m/en-us"), Path.of("/m/dict"),
                DecoderSettings.Search.GRAMMAR, Path.of("/g.jsgf"));
        assertEquals(List.of("-hmm", "/m/en-us", "-dict", "/m/dict", "-jsgf", "/g.jsgf", "-vad_postspeech",
                Integer.toString(DecoderSettings.DEFAULT_POST_SPEECH_FRAMES)), settings.arguments());
    }

    @Test
    void endSearchPassesBecomeFlagsOnlyForALanguageModelAndComeFromTheirProperty() throws Exception {
        Path hmm = Path.of("/m/en-us");
        Path dict = Path.of("/m/dict");
        DecoderSettings bestpath = new DecoderSettings(hmm, dict, DecoderSettings.Search.LANGUAGE_MODEL, Path.of("/lm"), 40,
                DecoderSettings.EndSearch.BESTPATH);
        assertEquals(List.of("-hmm", "/m/en-us", "-dict", "/m/dict", "-lm", "/lm", "-vad_postspeech", "15", "-fwdflat", "no"),
                bestpath.arguments());
        assertTrue(bestpath.posteriors(), "the best path still gives word posteriors");
        DecoderSettings tree = new DecoderSettings(hmm, dict, DecoderSettings.Search.LANGUAGE_MODEL, Path.of("/lm"), 40,
                DecoderSettings.EndSearch.TREE);
        assertEquals(List.of("-hmm", "/m/en-us", "-dict", "/m/dict", "-lm", "/lm", "-vad_postspeech", "15", "-fwdflat", "no",
                "-bestpath", "no"), tree.arguments());
        assertFalse(tree.posteriors(), "without the best path there are no posteriors");
        DecoderSettings grammar = new DecoderSettings(hmm, dict, DecoderSettings.Search.GRAMMAR, Path.of("/g.jsgf"), 40,
                DecoderSettings.EndSearch.TREE);
        assertFalse(grammar.arguments().contains("-fwdflat"), "a grammar search has no such passes: " + grammar.arguments());
        String old = System.getProperty(DecoderSettings.END_SEARCH_PROPERTY);
        try {
            System.clearProperty(DecoderSettings.END_SEARCH_PROPERTY);
            assertEquals(DecoderSettings.EndSearch.FULL, DecoderSettings.configuredEndSearch());
            System.setProperty(DecoderSettings.END_SEARCH_PROPERTY, " BestPath ");
            assertEquals(DecoderSettings.EndSearch.BESTPATH, DecoderSettings.configuredEndSearch());
            System.setProperty(DecoderSettings.END_SEARCH_PROPERTY, "fast");
            EngineException e = assertThrows(EngineException.class, DecoderSettings::configuredEndSearch);
            assertTrue(e.getMessage().contains(DecoderSettings.END_SEARCH_PROPERTY) && e.getMessage().contains("fast"), e.getMessage());
        } finally {
            if (old == null) {
                System.clearProperty(DecoderSettings.END_SEARCH_PROPERTY);
            } else {
                System.setProperty(DecoderSettings.END_SEARCH_PROPERTY, old);
            }
        }
    }

    @Test
    void sentenceAwareEndpointOnlyWithALanguageModelAndAShorterWait() {
        Path hmm = Path.of("/m/en-us");
        Path dict = Path.of("/m/dict");
        DecoderSettings lm = new DecoderSettings(hmm, dict, DecoderSettings.Search.LANGUAGE_MODEL, Path.of("/lm"), 50,
                DecoderSettings.EndSearch.FULL, 15);
        assertTrue(lm.sentenceAwareEndpoint());
        assertEquals(15, lm.detectorFrames(), "the detector waits the short time");
        assertEquals(35, lm.holdFrames(), "the stream holds the rest of the long wait");
        DecoderSettings grammar = new DecoderSettings(hmm, dict, DecoderSettings.Search.GRAMMAR, Path.of("/g.jsgf"), 50,
                DecoderSettings.EndSearch.FULL, 15);
        assertFalse(grammar.sentenceAwareEndpoint(), "a grammar has no sentence-end probability");
        assertEquals(50, grammar.detectorFrames());
        assertEquals(0, grammar.holdFrames());
        DecoderSettings notShorter = new DecoderSettings(hmm, dict, DecoderSettings.Search.LANGUAGE_MODEL, Path.of("/lm"),
                20, DecoderSettings.EndSearch.FULL, 30);
        assertFalse(notShorter.sentenceAwareEndpoint(), "one wait when the sentence-end wait is not the shorter");
        assertEquals(List.of("-vad_postspeech", "20"), notShorter.arguments().subList(6, 8));
        assertThrows(IllegalArgumentException.class, () -> new DecoderSettings(hmm, dict,
                DecoderSettings.Search.LANGUAGE_MODEL, Path.of("/lm"), 50, DecoderSettings.EndSearch.FULL, 0));
    }

    private static Decoder.Segment seg(String word, int first, int last) {
        return new Decoder.Segment(word, first, last, 1.0);
    }

    @Test
    void aHeldUtteranceThatWentOnGetsItsWordTimesBackPieceByPiece() {
        HeldPieces pieces = new HeldPieces();
        // before the pause: the utterance starts at stream frame 50; search frames 0..25 were searched
        pieces.held(List.of(seg("<s>", 50, 50), seg("the", 51, 60), seg("<sil>", 61, 75)));
        assertEquals(List.of(seg("<s>", 50, 50)), pieces.map(List.of(seg("<s>", 50, 50))), "one piece: unchanged");
        pieces.continued();
        // speech came back at stream frame 120: pocketsphinx now reports every search frame f as 120 + f
        List<Decoder.Segment> mapped = pieces.map(List.of(seg("<s>", 120, 120), seg("the", 121, 130),
                seg("<sil>", 131, 145), seg("morning", 146, 170)));
        assertEquals(List.of(seg("<s>", 50, 50), seg("the", 51, 60), seg("<sil>", 61, 75), seg("morning", 120, 144)), mapped);
        // a second pause and more speech, at stream frame 300
        pieces.held(List.of(seg("<s>", 120, 120), seg("morning", 146, 170), seg("<sil>", 171, 185)));
        pieces.continued();
        assertEquals(List.of(seg("<s>", 50, 50), seg("morning", 120, 144), seg("please", 300, 310)),
                pieces.map(List.of(seg("<s>", 300, 300), seg("morning", 326, 350), seg("please", 366, 376))));
        pieces.reset();
        assertEquals(List.of(seg("<s>", 400, 400)), pieces.map(List.of(seg("<s>", 400, 400))), "a new utterance: unchanged");
    }

    @Test
    void endpointingWaitComesFromItsPropertyAndABadOneIsAClearError() throws Exception {
        String old = System.getProperty(DecoderSettings.POST_SPEECH_PROPERTY);
        try {
            System.clearProperty(DecoderSettings.POST_SPEECH_PROPERTY);
            assertEquals(DecoderSettings.DEFAULT_POST_SPEECH_FRAMES, DecoderSettings.configuredPostSpeechFrames());
            System.setProperty(DecoderSettings.POST_SPEECH_PROPERTY, "30");
            assertEquals(30, DecoderSettings.configuredPostSpeechFrames());
            for (String bad : new String[] { "0", "4", "301", "0.3", "fast" }) {
                System.setProperty(DecoderSettings.POST_SPEECH_PROPERTY, bad);
                EngineException e = assertThrows(EngineException.class, DecoderSettings::configuredPostSpeechFrames, bad);
                assertTrue(e.getMessage().contains(DecoderSettings.POST_SPEECH_PROPERTY) && e.getMessage().contains(bad),
                        e.getMessage());
            }
        } finally {
            if (old == null) {
                System.clearProperty(DecoderSettings.POST_SPEECH_PROPERTY);
            } else {
                System.setProperty(DecoderSettings.POST_SPEECH_PROPERTY, old);
            }
        }
    }

    @Test
    void missingNativeLibraryIsUnavailableNotALinkageError() {
        EngineException e = assertThrows(EngineException.class,
                () -> NativeSphinx.load("libhark-no-such-sphinxbase.so.3", PocketsphinxLibrary.FILE_NAME));
        assertEquals(EngineException.Kind.UNAVAILABLE, e.kind());
        assertTrue(e.getMessage().contains("libpocketsphinx3 libsphinxbase3"), e.getMessage());
    }

    @Test
    void decoderOfMissingModelFilesIsUnavailableNotACrash() throws Exception {
        NativeSphinx natives = NativeSphinx.load();
        DecoderSettings missing = new DecoderSettings(Path.of("/nonexistent/hmm"), Path.of("/nonexistent/dict"),
                DecoderSettings.Search.LANGUAGE_MODEL, Path.of("/nonexistent/lm"));
        assertEquals(EngineException.Kind.UNAVAILABLE,
                assertThrows(EngineException.class, () -> Decoder.open(natives, missing)).kind());
    }
}
