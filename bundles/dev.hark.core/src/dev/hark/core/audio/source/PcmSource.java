package dev.hark.core.audio.source;

import java.util.function.BooleanSupplier;

/**
 * One run of audio for a Live session (API 1.0), made by {@link AudioSourceProvider#open}.
 * <p>
 * <b>Threading and stop.</b> Hark calls {@link #run} once, on its capture thread ({@code hark-audio-capture}), which Hark
 * creates, names and owns; the source never needs a thread of its own to deliver audio (it may have one to read a
 * device that can hang, as Hark's microphone does: then it owns, names and stops that thread before {@code run}
 * returns). {@code run} may block, in reading its device or in {@link PcmSink#accept} (Hark's pipe is full), but must
 * look at {@code stop} at least every 100 ms and return soon after it says true: that is how Hark stops a source (the
 * user pressed Stop, the session was replaced, the workbench closes). If {@code run} has not returned 2 s after stop,
 * Hark interrupts the capture thread; 2 s later it gives up on it (a daemon thread) and the session ends anyway.
 * <p>
 * How a run ends tells Hark what happened: returning normally means the audio is over (the end of a file) or stop was
 * asked; {@link SourceLostException} means the device went away mid-stream (the Live view says "lost" with its
 * message); any other exception means it could not start or failed (its message is shown as the reason).
 */
public interface PcmSource {

    /** For people and for the level meter, e.g. "microphone: USB Audio", "file: a.wav", "wav-folder: /data/calls". */
    String description();

    /**
     * True for live audio (a microphone, a network stream): when Hark cannot keep up, the oldest audio is dropped
     * (and counted), so that {@link PcmSink#accept} never blocks for long. False for recorded audio: {@code accept}
     * waits until Hark has room, and nothing is lost.
     */
    default boolean live() {
        return true;
    }

    /**
     * Delivers the audio: mono float samples in [-1, 1] at {@link AudioSourceProvider#SAMPLE_RATE}, in chunks of any
     * size (10-100 ms is best), until the audio ends or {@code stop} says so.
     *
     * @param sink where the samples go (it copies them: the array may be reused)
     * @param stop true once Hark wants the run to end
     * @throws SourceLostException the device went away or stopped delivering, mid-stream
     * @throws Exception           it could not start or failed; the message is for people
     */
    void run(PcmSink sink, BooleanSupplier stop) throws Exception;
}
