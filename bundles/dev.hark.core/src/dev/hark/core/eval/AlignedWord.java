package dev.hark.core.eval;

/**
 * One step of a word alignment of a hypothesis against its reference ({@link ErrorRate#alignWords}): a word heard
 * right, a reference word heard as another ({@link Kind#SUBSTITUTION}), a hypothesis word with no reference word
 * ({@link Kind#INSERTION}, {@code reference} empty) or a reference word not heard ({@link Kind#DELETION},
 * {@code hypothesis} empty).
 */
public record AlignedWord(Kind kind, String reference, String hypothesis) {

    public enum Kind {
        MATCH, SUBSTITUTION, INSERTION, DELETION
    }

    public AlignedWord {
        reference = reference == null ? "" : reference;
        hypothesis = hypothesis == null ? "" : hypothesis;
    }

    /** Whether this step is an edit (anything but a match). */
    public boolean isEdit() {
        return kind != Kind.MATCH;
    }
}
