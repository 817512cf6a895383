package dev.hark.transport.internal;

/**
 * The audio frames of one session, indexed by sequence number, from the moment they are cut until the
 * server has them for good. Sequence numbers are contiguous from 0, so frame {@code seq} lives in slot
 * {@code seq & mask} of a power-of-two ring: append, lookup, send and acknowledge are O(1) (dropping is
 * amortized O(1): every frame is dropped once), whatever the number of frames held.
 *
 * <p>Three positions, {@code first ≤ cursor ≤ next}: frames {@code [first, cursor)} were sent and wait for
 * the server's acknowledgement (kept for a resend after a reconnect); {@code [cursor, next)} were not sent
 * yet; {@code next} is the sequence number the next appended frame gets.
 *
 * <p>Bounds and overflow: at most {@link #capacity()} frames, and sent frames are kept for at most
 * {@code maxSeconds} of audio behind the newest frame. Appending beyond either bound evicts the oldest
 * <em>sent</em> frame and counts it ({@link #evicted()}); a later resend that needs an evicted frame reports
 * it ({@link #resendFrom(long)} returns false) so the session can mark the gap. Unsent frames are never
 * evicted: appending while every slot holds an unsent frame throws {@link IllegalStateException}; the
 * sender takes no new audio while frames wait to be sent, so that only happens if one chunk of audio is
 * cut into more than {@link #capacity()} frames.
 *
 * <p>Acknowledged frames from {@link #retainFrom(long)} on are kept too (within the same bounds): the committed audio a
 * v2 resume sends again to warm a restarted server's decoder ({@link #committedFrom(long)}).
 *
 * <p>Not thread-safe: the session's lock guards it.
 */
public final class ResendBuffer {

    /**
     * One frame as it goes on the wire.
     *
     * @param endTime    session time (s) of the frame's last sample
     * @param capturedAt {@link System#nanoTime()} when the audio it was cut from was captured
     */
    public record Frame(long seq, byte[] pcm, double endTime, long capturedAt) {
    }

    private final Frame[] slots;
    private final int mask;
    private final double maxSeconds;
    private long first;
    private long cursor;
    private long next;
    private long ackedSeq = -1;
    private double ackedTime;
    private long evicted;
    /** Acknowledged frames from this sequence number on are kept (warm-up audio); {@code Long.MAX_VALUE} keeps none. */
    private long retainFrom = Long.MAX_VALUE;

    /**
     * @param capacity   most frames held; rounded up to a power of two
     * @param maxSeconds how much sent, unacknowledged audio is kept at most (behind the newest frame)
     */
    public ResendBuffer(int capacity, double maxSeconds) {
        if (capacity < 1 || capacity > 1 << 30) {
            throw new IllegalArgumentException("capacity must be in [1, 2^30], not " + capacity);
        }
        if (!(maxSeconds > 0)) {
            throw new IllegalArgumentException("maxSeconds must be positive");
        }
        int size = Integer.highestOneBit(capacity) == capacity ? capacity : Integer.highestOneBit(capacity) << 1;
        slots = new Frame[size];
        mask = size - 1;
        this.maxSeconds = maxSeconds;
    }

    /** Appends a frame with the next sequence number; evicts the oldest sent frames beyond the bounds. */
    public Frame append(byte[] pcm, double endTime, long capturedAt) {
        while (first < cursor && endTime - slot(first).endTime() > maxSeconds) {
            evictFirst(); // sent long ago and never acknowledged: cannot keep it forever
        }
        if (next - first == slots.length) {
            if (first == cursor) {
                throw new IllegalStateException("resend buffer full: " + slots.length + " frames wait to be sent");
            }
            evictFirst();
        }
        Frame frame = new Frame(next, pcm, endTime, capturedAt);
        slots[index(next)] = frame;
        next++;
        return frame;
    }

    /** The frame with sequence number {@code seq}, or null when it is not (or no longer) held. */
    public Frame get(long seq) {
        return seq >= first && seq < next ? slot(seq) : null;
    }

    /** The next frame to send, or null when every frame was sent. */
    public Frame nextToSend() {
        return cursor < next ? slot(cursor) : null;
    }

    /** Frame {@code seq} was written; false (and nothing changes) unless it was the next to send. */
    public boolean markSent(long seq) {
        if (seq != cursor || cursor == next) {
            return false;
        }
        cursor++;
        return true;
    }

    /** Drops every sent frame (v1 never resends, so nothing waits for an acknowledgement). */
    public void releaseSent() {
        dropBefore(cursor);
    }

    /**
     * The server has every frame up to {@code seq} (at session time {@code time}); sent frames up to there
     * are dropped. An older acknowledgement than the last changes nothing.
     */
    public void acknowledge(long seq, double time) {
        if (seq > ackedSeq) {
            ackedSeq = seq;
            ackedTime = time;
        }
        dropAcknowledged();
    }

    /**
     * Keeps acknowledged frames from {@code seq} on (and drops older acknowledged ones): the audio since the adaptive
     * state a resume would bring back. {@code Long.MAX_VALUE} keeps none.
     */
    public void retainFrom(long seq) {
        retainFrom = seq;
        dropAcknowledged();
    }

    /**
     * The acknowledged frames from {@code seq} to {@link #ackedSeq()}, in order, or an empty list when any of them is
     * no longer held (or none is acknowledged after {@code seq}).
     */
    public java.util.List<Frame> committedFrom(long seq) {
        if (seq < first || seq > ackedSeq || ackedSeq >= next) {
            return java.util.List.of();
        }
        java.util.List<Frame> out = new java.util.ArrayList<>((int) (ackedSeq - seq + 1));
        for (long i = seq; i <= ackedSeq; i++) {
            out.add(slot(i));
        }
        return out;
    }

    /**
     * After a resume: the server needs the frames from {@code seq} on. Sending continues there (never past
     * the frames appended so far) and everything before is dropped, except acknowledged frames retained for a warm-up
     * ({@link #retainFrom(long)}). Returns false when frames the server
     * needs were evicted: sending then continues with the oldest frame still held.
     */
    public boolean resendFrom(long seq) {
        boolean complete = seq >= first;
        long from = Math.min(Math.max(seq, first), next);
        // retained (acknowledged) frames stay for the next resume's warm-up
        dropBefore(retainFrom == Long.MAX_VALUE ? from : Math.min(from, Math.min(retainFrom, ackedSeq + 1)));
        cursor = from;
        return complete;
    }

    /** Drops every frame, sent or not: sending continues with the next frame appended (a v1 gap). */
    public void discardAll() {
        dropBefore(next);
        cursor = next;
    }

    public int capacity() {
        return slots.length;
    }

    /** Frames held, sent or not. */
    public int size() {
        return (int) (next - first);
    }

    /** Frames appended but not sent yet. */
    public int unsent() {
        return (int) (next - cursor);
    }

    /** The oldest sequence number held (equals {@link #next()} when empty). */
    public long first() {
        return first;
    }

    /** The sequence number to send next. */
    public long cursor() {
        return cursor;
    }

    /** The sequence number the next appended frame gets (the number of frames appended). */
    public long next() {
        return next;
    }

    /** The highest sequence number the server acknowledged, or -1. */
    public long ackedSeq() {
        return ackedSeq;
    }

    /** The session time of {@link #ackedSeq()}. */
    public double ackedTime() {
        return ackedTime;
    }

    /** Sent frames dropped by a bound before the server acknowledged them. */
    public long evicted() {
        return evicted;
    }

    private void evictFirst() {
        if (first > ackedSeq) {
            evicted++; // an acknowledged (retained) frame is no loss
        }
        slots[index(first)] = null;
        first++;
    }

    /** Drops the sent, acknowledged frames that no warm-up retains. */
    private void dropAcknowledged() {
        dropBefore(Math.min(Math.min(ackedSeq + 1, cursor), retainFrom));
    }

    private void dropBefore(long seq) {
        while (first < seq) {
            slots[index(first)] = null;
            first++;
        }
    }

    private Frame slot(long seq) {
        return slots[index(seq)];
    }

    private int index(long seq) {
        return (int) (seq & mask);
    }
}
