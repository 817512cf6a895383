package dev.hark.audio;

import java.util.List;

import javax.sound.sampled.Mixer;

/**
 * An audio input the machine offers.
 *
 * @param name        the mixer's name (stable enough to store in preferences)
 * @param description the vendor's description
 * @param formats     what it can capture, one line per rate, sample size and encoding, e.g. "48000 Hz, 2 ch, 16-bit PCM_SIGNED",
 *                    "any rate, 1-32 ch, 16-bit PCM_SIGNED"
 * @param mixer       for opening it
 */
public record InputDevice(String name, String description, List<String> formats, Mixer.Info mixer) {

    @Override
    public String toString() {
        return name;
    }
}
