package dev.hark.audio;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.DataLine;
import javax.sound.sampled.Line;
import javax.sound.sampled.Mixer;
import javax.sound.sampled.TargetDataLine;

/** The capture devices javax.sound.sampled sees, with the formats each supports. */
public final class AudioDevices {

    private AudioDevices() {
    }

    /** Every mixer that offers a {@link TargetDataLine}; empty on a machine without sound input. */
    public static List<InputDevice> list() {
        List<InputDevice> out = new ArrayList<>();
        for (Mixer.Info info : AudioSystem.getMixerInfo()) {
            Mixer mixer;
            try {
                mixer = AudioSystem.getMixer(info);
            } catch (RuntimeException e) {
                continue; // a mixer that cannot even be described is no use
            }
            Set<String> formats = new LinkedHashSet<>();
            for (Line.Info line : mixer.getTargetLineInfo()) {
                if (line instanceof DataLine.Info data && TargetDataLine.class.isAssignableFrom(data.getLineClass())) {
                    for (AudioFormat f : data.getFormats()) {
                        formats.add(describe(f));
                    }
                }
            }
            if (!formats.isEmpty()) {
                out.add(new InputDevice(info.getName(), info.getDescription(), List.copyOf(formats), info));
            }
        }
        return out;
    }

    public static Optional<InputDevice> find(String name) {
        return list().stream().filter(d -> d.name().equals(name)).findFirst();
    }

    static String describe(AudioFormat f) {
        String rate = f.getSampleRate() == AudioSystem.NOT_SPECIFIED ? "any rate" : Math.round(f.getSampleRate()) + " Hz";
        String ch = f.getChannels() == AudioSystem.NOT_SPECIFIED ? "any" : Integer.toString(f.getChannels());
        String bits = f.getSampleSizeInBits() == AudioSystem.NOT_SPECIFIED ? "any" : Integer.toString(f.getSampleSizeInBits());
        return rate + ", " + ch + " ch, " + bits + "-bit " + f.getEncoding();
    }
}
