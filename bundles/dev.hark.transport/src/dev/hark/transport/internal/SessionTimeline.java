package dev.hark.transport.internal;

/**
 * Where one session stands in session time (seconds of audio since it started): how much audio was cut
 * into frames, where the last final ended, and the gaps reconnects leave.
 *
 * <p>v1 tracks gaps: v1 cannot resume, so after a reconnect a new server session starts and counts its
 * times from zero again. {@link #v1Restarted()} marks what is lost — from the end of the last final to the
 * audio cut so far — and shifts the new server session's times by that much ({@link #toSession(double)}).
 * Under v2 the offset stays 0.
 *
 * <p>Not thread-safe: the session's lock guards it.
 */
public final class SessionTimeline {

    /** A stretch of session time with no transcript. */
    public record Gap(double start, double end) {
    }

    /** A final's span in session time. */
    public record Span(double start, double end) {
    }

    private double audioTime;
    private double committedEnd;
    private double offset;

    /** {@code seconds} more audio was cut into frames; returns the session time of its end. */
    public double audioAdded(double seconds) {
        audioTime += seconds;
        return audioTime;
    }

    /** Session time of the end of the audio cut so far. */
    public double audioTime() {
        return audioTime;
    }

    /** Session time where the last final (or gap) ended. */
    public double committedEnd() {
        return committedEnd;
    }

    /** What the current server session's time 0 is in session time (0 until a v1 reconnect). */
    public double offset() {
        return offset;
    }

    /** A time from the server (its own session's clock) in session time. */
    public double toSession(double serverTime) {
        return serverTime + offset;
    }

    /**
     * A v1 connection was lost and a new server session starts: returns the gap (from the end of the last
     * final to the end of the audio cut so far), which counts as committed; the new server session's time 0
     * is now.
     */
    public Gap v1Restarted() {
        Gap gap = new Gap(committedEnd, audioTime);
        committedEnd = audioTime;
        offset = audioTime;
        return gap;
    }

    /**
     * A final arrived with server times {@code start}..{@code end} (NaN when the server did not say: from
     * the last final, up to the audio cut so far). Returns its span in session time, now committed.
     */
    public Span finalResult(double start, double end) {
        double s = Double.isNaN(start) ? committedEnd : toSession(start);
        double e = Double.isNaN(end) ? audioTime : toSession(end);
        committedEnd = e;
        return new Span(s, e);
    }
}
