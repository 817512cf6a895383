package dev.hark.transport.internal;

import java.util.List;
import java.util.Objects;

import dev.hark.protocol.V2;

/**
 * What a v2 resume brings to a server that lost the session, so that its new decoder continues as the lost one would
 * have: an adaptive state the server sent (with a final or ack) and the committed frames since it, which the server
 * recognizes again with the results discarded (docs/protocol.md, "Resume").
 *
 * <p>The newest state alone leaves part of the decoder behind (the front end's noise estimate, the voice activity
 * detector): the state from <em>before</em> the last utterance, replayed over that utterance, reproduces it. So this
 * keeps the newest two states and where each first came; the {@link ResendBuffer} is told to retain the frames since
 * the older one ({@link #retainFrom()}). Before any state came, the "older state" is the decoder's initial one (none)
 * and the warm-up starts at frame 0. Not thread-safe: the session's lock guards it.
 */
public final class ResumeState {

    /** The warm-up used, within the protocol's limit ({@link V2#MAX_WARM_UP_SECONDS}) with a second to spare. */
    static final double MAX_WARM_UP_SECONDS = V2.MAX_WARM_UP_SECONDS - 1;

    /** A resume's state and its warm-up frames (empty for none). */
    public record Resume(String state, List<ResendBuffer.Frame> warmUp) {
    }

    private String newest;
    private long newestSeq = -1;
    private String older;
    private long olderSeq = -1;

    /** A new session: no state yet. */
    public void reset() {
        newest = null;
        newestSeq = -1;
        older = null;
        olderSeq = -1;
    }

    /** A final or ack brought {@code state} (as of an utterance end at or before frame {@code seq}). */
    public void received(long seq, String state) {
        if (seq < newestSeq || Objects.equals(state, newest)) {
            return;
        }
        older = newest;
        olderSeq = newestSeq;
        newest = state;
        newestSeq = seq;
    }

    /** The first frame the resend buffer must retain once acknowledged: the one after the older state came. */
    public long retainFrom() {
        return olderSeq + 1;
    }

    /** The newest state, with no warm-up (what a resume sent before warm-ups, and the fallback). */
    public String newest() {
        return newest;
    }

    /**
     * The state and warm-up frames to resume with: the older state and the committed frames since it when the buffer
     * still holds them all and they fit the limits, else the newest state alone.
     *
     * @param bytesPerSecond the session's PCM bytes per second of audio
     */
    public Resume forResume(ResendBuffer buffer, double bytesPerSecond) {
        List<ResendBuffer.Frame> frames = buffer.committedFrom(olderSeq + 1);
        long bytes = frames.stream().mapToLong(f -> f.pcm().length).sum();
        if (frames.isEmpty() || frames.size() > V2.MAX_WARM_UP_FRAMES || bytes > MAX_WARM_UP_SECONDS * bytesPerSecond) {
            return new Resume(newest, List.of());
        }
        return new Resume(older, frames);
    }
}
