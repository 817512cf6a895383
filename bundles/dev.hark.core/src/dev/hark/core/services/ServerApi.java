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

    /** v1's file inference: the transcript of {@code file} and its timings; {@code model} null for the server's default. */
    InferenceResult inference(Path file, String model) throws ServerCallException;
}
