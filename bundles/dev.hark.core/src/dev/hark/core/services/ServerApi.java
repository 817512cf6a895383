package dev.hark.core.services;

import java.nio.file.Path;

import dev.hark.protocol.rest.Health;
import dev.hark.protocol.rest.InferenceResult;
import dev.hark.protocol.rest.ServerConfig;

/**
 * The REST API of the server the workbench uses right now (embedded or remote): one HTTP client bound
 * to the current address and token, rebound when they change. Calls block: run them off the UI thread.
 */
public interface ServerApi {

    Health health() throws ServerCallException;

    ServerConfig config() throws ServerCallException;

    /**
     * The health of a server that need not be the one in use (the Preferences dialog's "Test connection" asks the
     * address typed before it is applied), with a client of its own that is closed afterwards.
     */
    Health probe(java.net.URI server, String token) throws ServerCallException;

    /** v1's file inference: the transcript of {@code file} and its timings; {@code model} null for the server's default. */
    InferenceResult inference(Path file, String model) throws ServerCallException;

    /**
     * File inference for long files: {@code progress} hears how far the server decoded and is asked whether to go
     * on; once it says cancelled the call ends with {@link ServerCallException.Cancelled} and the server stops
     * decoding. Against a server without progress reports (asr-test) the result comes without them.
     */
    InferenceResult inference(Path file, String model, InferenceProgress progress) throws ServerCallException;

    /** Told how far a file inference got; asked whether it is still wanted. Called on the calling thread. */
    interface InferenceProgress {
        /** {@code doneSeconds} of the recording's {@code totalSeconds} are decoded. */
        void decoded(double doneSeconds, double totalSeconds);

        boolean cancelled();
    }
}
