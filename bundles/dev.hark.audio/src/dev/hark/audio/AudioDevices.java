package dev.hark.audio;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

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
            List<AudioFormat> formats = new ArrayList<>();
            try {
                for (Line.Info line : mixer.getTargetLineInfo()) {
                    if (line instanceof DataLine.Info data && TargetDataLine.class.isAssignableFrom(data.getLineClass())) {
                        formats.addAll(List.of(data.getFormats()));
                    }
                }
            } catch (RuntimeException e) {
                continue;
            }
            if (!formats.isEmpty()) {
                out.add(new InputDevice(info.getName(), info.getDescription(), summarize(formats), info));
            }
        }
        return out;
    }

    /**
     * The device called {@code name}; else the only one whose name contains it, ignoring case ("USB" for
     * "USB Audio [plughw:1,0]"); empty when none or several match.
     */
    public static Optional<InputDevice> find(String name) {
        List<InputDevice> all = list();
        Optional<InputDevice> exact = all.stream().filter(d -> d.name().equals(name)).findFirst();
        if (exact.isPresent() || name == null || name.isBlank()) {
            return exact;
        }
        String wanted = name.toLowerCase(java.util.Locale.ROOT);
        List<InputDevice> partial = all.stream().filter(d -> d.name().toLowerCase(java.util.Locale.ROOT).contains(wanted)).toList();
        return partial.size() == 1 ? Optional.of(partial.get(0)) : Optional.empty();
    }

    /**
     * The formats for people, one line per rate, sample size and encoding with the channel counts folded
     * ("any rate, 1-32 ch, 16-bit PCM_SIGNED"): ALSA devices offer every channel count from 1 to 32.
     */
    static List<String> summarize(List<AudioFormat> formats) {
        Map<String, TreeSet<Integer>> channels = new LinkedHashMap<>();
        for (AudioFormat f : formats) {
            String rate = f.getSampleRate() == AudioSystem.NOT_SPECIFIED ? "any rate" : Math.round(f.getSampleRate()) + " Hz";
            String bits = f.getSampleSizeInBits() == AudioSystem.NOT_SPECIFIED ? "any" : Integer.toString(f.getSampleSizeInBits());
            channels.computeIfAbsent(rate + "|" + bits + "-bit " + f.getEncoding(), k -> new TreeSet<>()).add(f.getChannels());
        }
        List<String> out = new ArrayList<>();
        channels.forEach((key, counts) -> {
            String[] parts = key.split("\\|", 2);
            out.add(parts[0] + ", " + ranges(counts) + " ch, " + parts[1]);
        });
        return List.copyOf(out);
    }

    /** 1,2,3,4,6 -> "1-4,6"; NOT_SPECIFIED -> "any". */
    static String ranges(TreeSet<Integer> counts) {
        StringBuilder b = new StringBuilder();
        Integer start = null;
        Integer prev = null;
        for (int c : counts) {
            if (c == AudioSystem.NOT_SPECIFIED) {
                b.append(b.length() > 0 ? "," : "").append("any");
                continue;
            }
            if (prev != null && c == prev + 1) {
                prev = c;
                continue;
            }
            if (start != null) {
                b.append(b.length() > 0 ? "," : "").append(start.equals(prev) ? start.toString() : start + "-" + prev);
            }
            start = c;
            prev = c;
        }
        if (start != null) {
            b.append(b.length() > 0 ? "," : "").append(start.equals(prev) ? start.toString() : start + "-" + prev);
        }
        return b.toString();
    }
}
