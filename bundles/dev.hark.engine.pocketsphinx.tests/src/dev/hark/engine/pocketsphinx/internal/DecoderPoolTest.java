package dev.hark.engine.pocketsphinx.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.hark.core.audio.Resampler;
import dev.hark.engine.EngineException;
import dev.hark.engine.Hypothesis;
import dev.hark.engine.RecognitionStream;
import dev.hark.testing.Speech;

/**
 * The model's pool of idle decoders ({@link DecoderPool}) with real pocketsphinx: a reused decoder recognizes
 * exactly as a new one (nothing of its earlier streams leaks: cepstral mean, noise estimate, frame times), the pool
 * keeps no more than its bound, and closing the model (what the server's stop does) frees every idle decoder.
 */
class DecoderPoolTest {

    private static final Path MODEL = Path.of(PocketsphinxEngine.DEFAULT_MODEL_DIRECTORY);
    private static final int RATE = 16_000;

    @Test
    void reusedDecoderRecognizesExactlyAsANewOne() throws Exception {
        float[] target = utterance(flite("please call me tomorrow morning"));
        // a loud, different voice with a DC offset moves the cepstral mean and the noise estimate far from a new decoder's
        float[] other = utterance(espeak("en-us+m3", "the quick brown fox jumps over the lazy dog"));
        for (int i = 0; i < other.length; i++) {
            other[i] = Math.max(-1f, Math.min(1f, other[i] * 3f + 0.05f));
        }
        try (PocketsphinxModel model = BuiltInModel.EN_US.open(MODEL, NativeSphinx.load(), 1)) {
            int created = Decoder.live();
            List<Hypothesis> onNew;
            try (RecognitionStream stream = model.openStream()) {
                onNew = feed(stream, target);
            }
            assertEquals(1, model.pool().idle(), "the stream gave its decoder back");
            try (RecognitionStream stream = model.openStream()) {
                assertEquals(0, model.pool().idle(), "the second stream took the idle decoder");
                feed(stream, other);
                stream.accept(target, 0, target.length / 2); // and leaves an utterance open
            }
            List<Hypothesis> onReused;
            try (RecognitionStream stream = model.openStream()) {
                onReused = feed(stream, target);
            }
            assertEquals(created + 1, Decoder.live(), "one native decoder served all three streams");
            assertTrue(onNew.stream().anyMatch(h -> h.isFinal() && h.text().contains("tomorrow")),
                    "the target sentence was recognized: " + onNew);
            assertEquals(onNew, onReused, "a reused decoder gives what a new one gives: texts, partials, times, confidences");
        }
    }

    @Test
    void resetRestoresTheCepstralMeanThatDecodingMoved() throws Exception {
        float[] loud = utterance(espeak("en-us+m3", "seven hundred and twenty six"));
        for (int i = 0; i < loud.length; i++) {
            loud[i] = Math.max(-1f, Math.min(1f, loud[i] * 3f + 0.05f));
        }
        DecoderSettings settings = new DecoderSettings(MODEL.resolve("en-us"), MODEL.resolve("cmudict-en-us.dict"),
                DecoderSettings.Search.LANGUAGE_MODEL, MODEL.resolve("en-us.lm.bin"));
        try (Decoder decoder = Decoder.open(NativeSphinx.load(), settings)) {
            float[] initial = decoder.cepstralMean();
            assertNotNull(initial, "the new decoder's cepstral mean can be read");
            assertEquals(13, initial.length);
            assertEquals(41.0f, initial[0], 1e-4, "the en-us model's -cmninit, as feat.params gives it");
            short[] pcm = new short[loud.length];
            Pcm16.convert(loud, 0, pcm, loud.length);
            decoder.startUtterance();
            decoder.process(pcm, pcm.length);
            decoder.endUtterance();
            assertFalse(Arrays.equals(initial, decoder.cepstralMean()), "decoding moved the cepstral mean");
            assertTrue(decoder.reset());
            assertArrayEquals(initial, decoder.cepstralMean(), "reset restored it");
        }
    }

    @Test
    void poolKeepsAtMostItsBoundAndClosingTheModelFreesThem() throws Exception {
        int before = Decoder.live();
        PocketsphinxModel model = BuiltInModel.EN_US_DIGITS.open(MODEL, NativeSphinx.load(), 2);
        List<RecognitionStream> streams = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            streams.add(model.openStream());
        }
        assertEquals(before + 3, Decoder.live());
        streams.forEach(RecognitionStream::close);
        assertEquals(2, model.pool().idle(), "the bound");
        assertEquals(before + 2, Decoder.live(), "the third decoder was freed");

        RecognitionStream open = model.openStream();
        assertEquals(1, model.pool().idle());
        assertEquals(before + 2, Decoder.live(), "a pooled decoder was taken, none created");
        model.close();
        assertEquals(0, model.pool().idle(), "closing the model emptied the pool");
        assertEquals(before + 1, Decoder.live(), "only the open stream's decoder is left");
        open.close();
        assertEquals(before, Decoder.live(), "a stream closed after its model frees its decoder");
        assertThrows(IllegalStateException.class, model::openStream);
    }

    @Test
    void boundZeroReusesNothing() throws Exception {
        int before = Decoder.live();
        try (PocketsphinxModel model = BuiltInModel.EN_US_DIGITS.open(MODEL, NativeSphinx.load(), 0)) {
            model.openStream().close();
            assertEquals(0, model.pool().idle());
            assertEquals(before, Decoder.live());
        }
    }

    @Test
    void closedStreamCannotReachTheDecoderItGaveBack() throws Exception {
        try (PocketsphinxModel model = BuiltInModel.EN_US_DIGITS.open(MODEL, NativeSphinx.load(), 1)) {
            RecognitionStream first = model.openStream();
            first.close();
            first.close(); // once only: a second close must not give the decoder back twice
            Decoder idle = model.pool().take();
            assertNotNull(idle);
            assertNull(model.pool().take(), "given back once");
            model.pool().release(idle);
            try (RecognitionStream second = model.openStream()) {
                assertThrows(IllegalStateException.class, () -> first.accept(new float[160], 0, 160));
                assertThrows(IllegalStateException.class, first::finish);
                assertSame(0, model.pool().idle());
                second.accept(new float[1600], 0, 1600);
            }
        }
    }

    @Test
    void badBoundPropertyIsAClearError() {
        String old = System.getProperty(DecoderPool.BOUND_PROPERTY);
        try {
            System.setProperty(DecoderPool.BOUND_PROPERTY, "-1");
            EngineException e = assertThrows(EngineException.class, DecoderPool::configuredBound);
            assertTrue(e.getMessage().contains(DecoderPool.BOUND_PROPERTY) && e.getMessage().contains("-1"), e.getMessage());
            System.setProperty(DecoderPool.BOUND_PROPERTY, "three");
            assertThrows(EngineException.class, DecoderPool::configuredBound);
            System.setProperty(DecoderPool.BOUND_PROPERTY, " 3 ");
            assertEquals(3, DecoderPool.configuredBound());
        } catch (EngineException e) {
            throw new AssertionError(e);
        } finally {
            if (old == null) {
                System.clearProperty(DecoderPool.BOUND_PROPERTY);
            } else {
                System.setProperty(DecoderPool.BOUND_PROPERTY, old);
            }
        }
    }

    /** Everything the stream returned, fed in 100 ms chunks as a live client would, then finish's. */
    private static List<Hypothesis> feed(RecognitionStream stream, float[] audio) throws EngineException {
        List<Hypothesis> out = new ArrayList<>();
        int chunk = RATE / 10;
        for (int offset = 0; offset < audio.length; offset += chunk) {
            out.addAll(stream.accept(audio, offset, Math.min(chunk, audio.length - offset)));
        }
        out.addAll(stream.finish());
        return out;
    }

    private static float[] utterance(float[] clip) {
        float[] out = new float[clip.length + RATE];
        System.arraycopy(clip, 0, out, RATE * 3 / 10, clip.length);
        return out;
    }

    private static float[] flite(String text) throws IOException {
        return at16k(Speech.flite(text, "slt"));
    }

    private static float[] espeak(String voice, String text) throws IOException {
        return at16k(Speech.espeak(text, voice, 175));
    }

    private static float[] at16k(dev.hark.core.audio.AudioFiles.Mono speech) {
        Resampler r = new Resampler(speech.sampleRate(), RATE);
        return Speech.concat(r.process(speech.samples()), r.flush());
    }
}
