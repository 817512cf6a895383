package dev.hark.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import dev.hark.bench.common.Speech;

/**
 * The server benchmark's utterances: sentences and digit strings said by flite voices slt, rms, awb, kal and
 * espeak-ng en-us ({@link Speech}: 48 kHz mono float, speech only, cached), and streams made of them with silence
 * between.
 */
final class Corpus {

    static final int RATE = Speech.RATE;

    /** A synthesized clip: who said what, and the samples (speech from the first to the last sample). */
    record Clip(String voice, String text, float[] samples) {
        double seconds() {
            return (double) samples.length / RATE;
        }
    }

    /** Where one utterance lies in a stream, in samples at {@link #RATE}. */
    record Utterance(String voice, String text, int speechStart, int speechEnd) {
    }

    /** A stream's audio: leading silence, then each clip followed by a gap of silence. */
    record Stream(float[] samples, List<Utterance> utterances) {
        double seconds() {
            return (double) samples.length / RATE;
        }

        String reference() {
            return String.join(" ", utterances.stream().map(Utterance::text).toList());
        }
    }

    static final List<String> VOICES = List.of("flite:slt", "flite:rms", "flite:awb", "flite:kal", "espeak:en-us");

    static final List<String> SENTENCES = List.of(
            "the weather is nice today",
            "please call me tomorrow morning",
            "i would like a cup of coffee",
            "open the door and turn on the light",
            "we went to the store yesterday",
            "the meeting starts at ten in the morning",
            "can you send me the report before lunch",
            "my brother lives in a small town near the river");

    static final List<String> DIGITS = List.of(
            "nine oh five",
            "four two seven one",
            "three eight six",
            "five five two zero nine",
            "one two three four",
            "seven zero eight",
            "six one nine four two",
            "two eight");

    private final Speech speech;

    Corpus(Path cache) throws IOException {
        this.speech = new Speech(cache);
    }

    /** Every sentence in every voice, voices varying fastest. */
    List<Clip> clips(List<String> texts) throws IOException {
        List<Clip> clips = new ArrayList<>();
        for (String text : texts) {
            for (String voice : VOICES) {
                clips.add(clip(voice, text));
            }
        }
        return clips;
    }

    /**
     * {@code count} clips from {@code clips} starting at {@code first} (wrapping around), each followed by
     * {@code gapSeconds} of silence, after {@code leadSeconds} of silence.
     */
    static Stream stream(List<Clip> clips, int first, int count, double leadSeconds, double gapSeconds) {
        int lead = (int) Math.round(leadSeconds * RATE);
        int gap = (int) Math.round(gapSeconds * RATE);
        int total = lead;
        List<Clip> chosen = new ArrayList<>();
        for (int k = 0; k < count; k++) {
            Clip c = clips.get(Math.floorMod(first + k, clips.size()));
            chosen.add(c);
            total += c.samples().length + gap;
        }
        float[] out = new float[total];
        List<Utterance> utterances = new ArrayList<>();
        int at = lead;
        for (Clip c : chosen) {
            System.arraycopy(c.samples(), 0, out, at, c.samples().length);
            utterances.add(new Utterance(c.voice(), c.text(), at, at + c.samples().length));
            at += c.samples().length + gap;
        }
        return new Stream(out, List.copyOf(utterances));
    }

    Clip clip(String voice, String text) throws IOException {
        return new Clip(voice, text, speech.clip(voice, text));
    }
}
