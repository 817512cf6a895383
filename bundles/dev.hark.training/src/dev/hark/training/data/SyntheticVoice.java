package dev.hark.training.data;

import java.util.ArrayList;
import java.util.List;

/**
 * A synthesizer voice the generator can speak with: {@code espeak:en-us+m3} (espeak-ng voice and variant)
 * or {@code flite:slt}.
 */
public record SyntheticVoice(String synthesizer, String voice) {

    public static final String ESPEAK = "espeak";
    public static final String FLITE = "flite";

    /** espeak-ng's English voices that need no MBROLA data. */
    static final List<String> ESPEAK_BASES = List.of("en-us", "en-gb", "en-gb-scotland", "en-gb-x-rp", "en-gb-x-gbclan",
            "en-gb-x-gbcwmd", "en-029", "en-us-nyc");
    /** espeak-ng's voice variants (men, women, and a few character voices). */
    static final List<String> ESPEAK_VARIANTS = List.of("", "m1", "m2", "m3", "m4", "m5", "m6", "m7", "f1", "f2", "f3", "f4",
            "f5", "klatt", "klatt2", "klatt3", "Andy", "Denis", "Mr serious", "adam", "anika", "boris", "david", "linda",
            "paul", "steph", "zac");
    /** flite's built-in voices. */
    static final List<String> FLITE_VOICES = List.of("slt", "rms", "awb", "kal16", "kal");

    public String id() {
        return synthesizer + ":" + voice;
    }

    @Override
    public String toString() {
        return id();
    }

    public static SyntheticVoice parse(String id) {
        int colon = id.indexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("voice \"" + id + "\" must be espeak:VOICE[+VARIANT] or flite:VOICE");
        }
        String synth = id.substring(0, colon);
        if (!synth.equals(ESPEAK) && !synth.equals(FLITE)) {
            throw new IllegalArgumentException("voice \"" + id + "\": synthesizer must be espeak or flite");
        }
        return new SyntheticVoice(synth, id.substring(colon + 1));
    }

    /** Every voice the generator knows: each espeak-ng base with each variant, and flite's voices. */
    public static List<SyntheticVoice> all() {
        List<SyntheticVoice> out = new ArrayList<>();
        for (String base : ESPEAK_BASES) {
            for (String variant : ESPEAK_VARIANTS) {
                out.add(new SyntheticVoice(ESPEAK, variant.isEmpty() ? base : base + "+" + variant));
            }
        }
        for (String v : FLITE_VOICES) {
            out.add(new SyntheticVoice(FLITE, v));
        }
        return out;
    }
}
