package dev.hark.core.audio.source;

import java.util.List;

/**
 * Extension point (API 1.0): a kind of audio the workbench's Live view can transcribe: 16 kHz mono PCM from a
 * microphone, a file, a network stream, a folder of recordings... Register an implementation as an OSGi service
 * (a DS {@code @Component(service = AudioSourceProvider.class)}); the Live view's Input list shows one entry per
 * {@link #inputs() input} of every registered provider, in {@link #order()}, and follows providers as they come and go.
 * Hark's own microphone ({@code "microphone"}) and file ({@code "file"}) inputs are two such services.
 * <p>
 * <b>Threading.</b> {@link #id()}, {@link #label()}, {@link #order()}, {@link #location()} and {@link #inputs()} are
 * called on the UI thread: return at once (no I/O beyond what a device list costs, no network, no waiting).
 * {@link #open(Request)} is called on Hark's control thread ({@code hark-live-control}): it may take a moment
 * (check that a file exists, resolve a host name) but must not start capturing; it fails with an exception whose
 * message is shown to the user as is. {@link PcmSource#run} is called on Hark's capture thread
 * ({@code hark-audio-capture}), which Hark owns, names and stops: see {@link PcmSource} for how stop works. A provider
 * may be asked to open several sources over its life, one at a time per Live session.
 * <p>
 * <b>Compatibility.</b> Methods may be added to the interfaces of this package only as {@code default} methods in a
 * minor version; a plugin importing {@code dev.hark.core.audio.source;version="[1.0,2)"} keeps working until 2.0.
 */
public interface AudioSourceProvider {

    /** The only rate Hark takes from a source: 16 kHz (mono, float samples in [-1, 1]). */
    int SAMPLE_RATE = 16_000;

    /** A short stable name, lower case letters, digits and '-' ("microphone", "wav-folder"); the first provider of a name wins. */
    String id();

    /** The name people see in the Input list when {@link #inputs()} is empty, in the workbench's language. */
    String label();

    /** Where its inputs come in the Input list, lowest first: Hark's microphone is 0, its file 1000; default 100. */
    default int order() {
        return 100;
    }

    /** What the user must give besides the input (in the Live view's location field), if anything. */
    default Location location() {
        return Location.NONE;
    }

    /**
     * The inputs it offers now, each an entry of the Input list ("Microphone (default)", one per device...); empty:
     * one entry, {@link #label()}, opened with a null {@link Request#input()}. Called each time the list is filled.
     */
    default List<Input> inputs() {
        return List.of();
    }

    /**
     * A source for one Live session, not yet running. Validate here (an unreadable file, a bad address) and throw with
     * a message for people; do not capture yet.
     */
    PcmSource open(Request request) throws Exception;

    /** What the user gives besides the input. */
    enum Location {
        /** nothing: the input says it all (a microphone) */
        NONE,
        /** an audio file (the Live view offers a file chooser) */
        FILE,
        /** a folder (the Live view offers a folder chooser) */
        FOLDER,
        /** free text: an address, a URL */
        TEXT
    }

    /**
     * One entry of the Input list.
     *
     * @param id    what {@link Request#input()} will be; null for "the default"
     * @param label what people see, in the workbench's language
     */
    record Input(String id, String label) {
        public Input {
            if (label == null || label.isBlank()) {
                throw new IllegalArgumentException("an input needs a label");
            }
        }
    }

    /**
     * What the user chose.
     *
     * @param input    the chosen {@link Input#id()}; null for the default (or when the provider offers no inputs)
     * @param location what the user typed or chose in the location field when {@link #location()} asks for one, else null
     * @param realtime true: deliver recorded audio at its own pace, as a microphone would; false: as fast as Hark takes it
     *                 (sources that are live anyway ignore it)
     */
    record Request(String input, String location, boolean realtime) {
    }
}
