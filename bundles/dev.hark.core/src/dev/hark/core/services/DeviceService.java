package dev.hark.core.services;

import java.util.List;

/** The audio capture devices of this machine that live transcription can use. */
public interface DeviceService {

    /** Names of the input devices (what {@link LiveInput.Microphone#device()} takes), in the system's order. */
    List<String> inputDevices();
}
