package dev.hark.engine.ctc.model;

/**
 * Greedy CTC decoding, incrementally: feed output frames one by one; the text is the most likely class per
 * frame with repeats merged and blanks removed.
 */
public final class GreedyDecoder {

    private final Vocabulary vocabulary;
    private final StringBuilder text = new StringBuilder();
    private int previous = 0;
    private int frames;
    private int firstFrame = -1;
    private int lastFrame = -1;
    private int blankRun;

    public GreedyDecoder(Vocabulary vocabulary) {
        this.vocabulary = vocabulary;
    }

    /** Adds one frame of scores (log-probabilities or logits); returns true when the text changed. */
    public boolean accept(float[] scores) {
        int best = 0;
        for (int k = 1; k < scores.length; k++) {
            if (scores[k] > scores[best]) {
                best = k;
            }
        }
        boolean changed = false;
        if (best != 0 && best != previous) {
            String s = vocabulary.symbol(best);
            if (!(s.equals(" ") && (text.length() == 0 || text.charAt(text.length() - 1) == ' '))) {
                text.append(s);
                changed = true;
            }
            if (firstFrame < 0) {
                firstFrame = frames;
            }
        }
        if (best != 0) {
            lastFrame = frames;
            blankRun = 0;
        } else {
            blankRun++;
        }
        previous = best;
        frames++;
        return changed;
    }

    /** The text so far, without leading or trailing spaces. */
    public String text() {
        return text.toString().strip();
    }

    /** Frames accepted since the last reset. */
    public int frames() {
        return frames;
    }

    /** Index of the first non-blank frame, or -1. */
    public int firstFrame() {
        return firstFrame;
    }

    /** Index of the last non-blank frame, or -1. */
    public int lastFrame() {
        return lastFrame;
    }

    /** Consecutive blank frames at the end. */
    public int trailingBlanks() {
        return blankRun;
    }

    /** Starts a new utterance (frame numbering restarts too). */
    public void reset() {
        text.setLength(0);
        previous = 0;
        frames = 0;
        firstFrame = -1;
        lastFrame = -1;
        blankRun = 0;
    }

    /** Decodes whole utterances: {@code [frames][classes]}. */
    public static String decode(Vocabulary vocabulary, float[][] scores, int frames) {
        GreedyDecoder d = new GreedyDecoder(vocabulary);
        for (int t = 0; t < frames; t++) {
            d.accept(scores[t]);
        }
        return d.text();
    }
}
