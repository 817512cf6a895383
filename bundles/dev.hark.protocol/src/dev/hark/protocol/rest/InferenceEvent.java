package dev.hark.protocol.rest;

/**
 * One line of {@code POST /api/inference?progress=true} (Hark's extension; {@code application/x-ndjson}): while
 * the server decodes, lines with {@code progress}; then one line with {@code result} (what the plain request
 * answers) or {@code error} (what it would have answered with an HTTP status). Exactly one field is set.
 */
public record InferenceEvent(Progress progress, InferenceResult result, Failure error) {

    /** Seconds of the recording decoded so far, of its length. */
    public record Progress(double doneSeconds, double totalSeconds) {
    }

    /** The HTTP status the plain request would have had and its {@code detail}. */
    public record Failure(int status, String detail) {
    }

    public static InferenceEvent of(Progress p) {
        return new InferenceEvent(p, null, null);
    }

    public static InferenceEvent of(InferenceResult r) {
        return new InferenceEvent(null, r, null);
    }

    public static InferenceEvent of(Failure f) {
        return new InferenceEvent(null, null, f);
    }
}
