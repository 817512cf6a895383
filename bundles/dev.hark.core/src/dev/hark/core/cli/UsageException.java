package dev.hark.core.cli;

/** Bad command-line arguments ({@link #help()} false: a one-line message) or help/version asked for (the text to print). */
public final class UsageException extends Exception {

    private static final long serialVersionUID = 1L;
    private final boolean help;

    public UsageException(String message, boolean help) {
        super(message);
        this.help = help;
    }

    /** A bad-arguments error with a one-line message. */
    public UsageException(String message) {
        this(message, false);
    }

    /** True when the message is help or version text for standard output, not an error. */
    public boolean help() {
        return help;
    }
}
