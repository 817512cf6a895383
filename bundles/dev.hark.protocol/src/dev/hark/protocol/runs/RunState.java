package dev.hark.protocol.runs;

/** Where a run stands. Sources that cannot tell (a TensorBoard folder) say {@link #ACTIVE} or {@link #IDLE}. */
public enum RunState {
    /** Being written now (a Hark run that trains, an event file that grew recently). */
    ACTIVE,
    /** Nothing new for a while; the source cannot tell whether it ended. */
    IDLE,
    FINISHED,
    STOPPED,
    FAILED
}
