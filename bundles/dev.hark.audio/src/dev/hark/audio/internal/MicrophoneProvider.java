package dev.hark.audio.internal;

import java.util.ArrayList;
import java.util.List;

import org.osgi.service.component.annotations.Component;

import dev.hark.audio.AudioDevices;
import dev.hark.audio.InputDevice;
import dev.hark.audio.MicrophoneSource;
import dev.hark.core.audio.source.AudioSourceProvider;
import dev.hark.core.audio.source.PcmSource;

/**
 * Hark's microphones as a contribution of the audio-source extension point: the default device, then every capture
 * device Java Sound sees (by name, as {@link AudioDevices#find} takes it). Ranked above plugins: "microphone" is Hark's.
 */
@Component(service = AudioSourceProvider.class, property = "service.ranking:Integer=1000")
public final class MicrophoneProvider implements AudioSourceProvider {

    public static final String ID = "microphone";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String label() {
        return "Microphone";
    }

    @Override
    public int order() {
        return 0;
    }

    /** "Microphone (default)" (id null), then one input per device; only the default when the machine has no sound system. */
    @Override
    public List<Input> inputs() {
        List<Input> out = new ArrayList<>();
        out.add(new Input(null, "Microphone (default)"));
        try {
            for (InputDevice d : AudioDevices.list()) {
                out.add(new Input(d.name(), d.name()));
            }
        } catch (RuntimeException e) {
            // no sound system: the default entry still says so when started
        }
        return out;
    }

    @Override
    public PcmSource open(Request request) {
        String name = request.input();
        InputDevice device = name == null || name.isBlank() ? null : AudioDevices.find(name)
                .orElseThrow(() -> new IllegalStateException("no input device \"" + name + "\" on this machine"));
        return new MicrophoneSource(device, SAMPLE_RATE);
    }
}
