package dev.hark.core.services;

import java.util.List;

import dev.hark.core.ConnectionState;
import dev.hark.core.StreamMetrics;
import dev.hark.core.StreamStateChanged;
import dev.hark.core.transcript.Segment;

/**
 * Live transcription as the workbench runs it: owns the capture and the connection; views command it
 * and follow {@code hark/stream/*} and {@code hark/audio/*}. A view that opens later asks for the
 * {@link #snapshot()} and {@link #state()} once, then follows the bus.
 */
public interface LiveService {

    /** Starts a session; a running one is stopped first. */
    void start(LiveInput input, String model);

    void stop();

    /** Forgets the transcript shown (the running session goes on). */
    void clear();

    List<Segment> snapshot();

    ConnectionState state();

    /**
     * The connection's state with its server, detail and reconnects, as last published on
     * {@code hark/stream/state} when that still holds, else {@link #state()} alone: what a view that opens
     * mid-session shows before the next change arrives.
     */
    StreamStateChanged stateChange();

    StreamMetrics metrics();
}
