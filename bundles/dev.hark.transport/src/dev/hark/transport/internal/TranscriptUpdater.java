package dev.hark.transport.internal;

import java.util.List;

import dev.hark.core.transcript.Segment;
import dev.hark.core.transcript.TranscriptDocument;

/**
 * Applies one session's results to its transcript: server times are mapped to session time (shifted after
 * a v1 reconnect, see {@link SessionTimeline}), partials and finals are timed ({@link LatencyTracker}), the
 * acknowledgement a final carries releases frames ({@link ResendBuffer}), and a reconnect that lost audio
 * leaves a gap segment. Each method returns the segment to publish.
 *
 * <p>Not thread-safe: the session's lock guards it.
 */
public final class TranscriptUpdater {

    private final TranscriptDocument transcript;
    private final SessionTimeline timeline;
    private final LatencyTracker latency;
    private final ResendBuffer buffer;

    public TranscriptUpdater(TranscriptDocument transcript, SessionTimeline timeline, LatencyTracker latency, ResendBuffer buffer) {
        this.transcript = transcript;
        this.timeline = timeline;
        this.latency = latency;
        this.buffer = buffer;
    }

    /** A partial in server time; null when the transcript ignores it. */
    public Segment partial(String text, double start, double end) {
        latency.partial(timeline.toSession(start));
        return transcript.partial(text, timeline.toSession(start), timeline.toSession(end));
    }

    /** A final in server time; {@code ackSeq} ≥ 0 acknowledges frames up to it (at {@code ackTime}, NaN: its end). */
    public Segment finalResult(String text, double start, double end, List<Segment.Word> words, long ackSeq, double ackTime) {
        double offset = timeline.offset();
        SessionTimeline.Span span = timeline.finalResult(start, end);
        List<Segment.Word> shifted = offset == 0 ? words : words.stream()
                .map(w -> new Segment.Word(w.text(), w.start() + offset, w.end() + offset, w.confidence())).toList();
        Segment s = transcript.commit(text, span.start(), span.end(), shifted);
        latency.finalResult(span.end());
        if (ackSeq >= 0) {
            buffer.acknowledge(ackSeq, Double.isNaN(ackTime) ? span.end() : ackTime);
        }
        return s;
    }

    /**
     * v1 reconnected: a new server session starts. What was sent since the last final and everything until
     * now is lost, and frames not yet sent belong to that gap too: sending continues with fresh audio.
     */
    public Segment v1Restarted() {
        SessionTimeline.Gap gap = timeline.v1Restarted();
        buffer.discardAll();
        return transcript.gap("connection lost; v1 cannot resume", gap.start(), gap.end());
    }

    /**
     * v2 resumed: the server needs the frames from {@code nextSeq} on. Returns a gap segment when some of
     * them were no longer held (from the last acknowledged time to now), else null.
     */
    public Segment resumed(long nextSeq) {
        if (buffer.resendFrom(nextSeq)) {
            return null;
        }
        return transcript.gap("audio the server lost could not be resent", buffer.ackedTime(), timeline.audioTime());
    }
}
