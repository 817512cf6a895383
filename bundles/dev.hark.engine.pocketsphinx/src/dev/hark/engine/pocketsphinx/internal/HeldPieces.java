package dev.hark.engine.pocketsphinx.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * Word times of an utterance the sentence-aware endpoint held open over a pause and that went on. Pocketsphinx
 * 0.8+5prealpha reports a segment's frames as its search frame (counted from the utterance start, the silence its
 * voice activity detector removed left out) plus the stream frame where speech last started: when speech comes back
 * inside an utterance that start moves, and every earlier word's time with it. This keeps, per piece of speech, the
 * search frame it begins at and its stream frame, and maps reported frames back to stream frames.
 *
 * <p>The search frames of a piece are known when the hold begins (the best path then ends at the last frame
 * searched; the few frames the feature window holds back are searched later, so words after a pause may come out up
 * to ~30 ms late); a piece's stream frame is the first segment's reported frame while it is the newest piece (the
 * utterance's first segment, {@code <s>}, is at search frame 0). Not thread-safe: the stream's lock guards it.
 */
final class HeldPieces {

    /** {first search frame, first stream frame (-1 until known)} per piece, in order. */
    private final List<long[]> pieces = new ArrayList<>();
    /** Search frames of the utterance when the current hold began; -1 when none is on. */
    private long heldSearchFrames = -1;

    /** A hold begins: {@code segments} are the decoder's now, reported from the newest piece's start. */
    void held(List<Decoder.Segment> segments) {
        if (segments.isEmpty()) {
            return;
        }
        long offset = segments.get(0).firstFrame();
        if (pieces.isEmpty()) {
            pieces.add(new long[] { 0, offset });
        } else {
            pieces.get(pieces.size() - 1)[1] = offset;
        }
        heldSearchFrames = segments.get(segments.size() - 1).lastFrame() - offset + 1;
    }

    /** Speech came back during the hold: a new piece begins where the search stood when the hold began. */
    void continued() {
        if (heldSearchFrames >= 0) {
            pieces.add(new long[] { heldSearchFrames, -1 });
            heldSearchFrames = -1;
        }
    }

    /** The utterance ended: the next one starts without pieces. */
    void reset() {
        pieces.clear();
        heldSearchFrames = -1;
    }

    /** {@code segments} with stream frames; unchanged unless the utterance went on after a hold. */
    List<Decoder.Segment> map(List<Decoder.Segment> segments) {
        if (pieces.size() < 2 || segments.isEmpty()) {
            return segments;
        }
        long offset = segments.get(0).firstFrame();
        long[] newest = pieces.get(pieces.size() - 1);
        if (newest[1] < 0) {
            newest[1] = offset;
        }
        List<Decoder.Segment> out = new ArrayList<>(segments.size());
        for (Decoder.Segment s : segments) {
            out.add(new Decoder.Segment(s.word(), (int) streamFrame(s.firstFrame() - offset),
                    (int) streamFrame(s.lastFrame() - offset), s.posterior()));
        }
        return out;
    }

    private long streamFrame(long searchFrame) {
        long[] piece = pieces.get(0);
        for (long[] p : pieces) {
            if (p[0] <= searchFrame) {
                piece = p;
            }
        }
        return piece[1] + searchFrame - piece[0];
    }
}
