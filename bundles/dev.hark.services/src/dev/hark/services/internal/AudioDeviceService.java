package dev.hark.services.internal;

import java.util.List;

import org.osgi.service.component.annotations.Component;

import dev.hark.audio.AudioDevices;
import dev.hark.audio.InputDevice;
import dev.hark.core.services.DeviceService;

/** {@link DeviceService} through {@link AudioDevices}: the same filter live capture uses to find a device by name. */
@Component(service = DeviceService.class)
public final class AudioDeviceService implements DeviceService {

    @Override
    public List<String> inputDevices() {
        try {
            return AudioDevices.list().stream().map(InputDevice::name).toList();
        } catch (RuntimeException e) {
            return List.of(); // no sound system: only the file input is offered
        }
    }
}
