package dev.hark.protocol;

/** A message that breaks the protocol; its message is meant for the peer ("invalid JSON: ..."). */
public class ProtocolException extends Exception {

    private static final long serialVersionUID = 1L;

    private final String code;

    public ProtocolException(String code, String message) {
        super(message);
        this.code = code;
    }

    /** A short machine-readable reason, e.g. {@code bad_json}, {@code unknown_type}, {@code bad_field}. */
    public String code() {
        return code;
    }
}
