package dev.hark.training.run;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A trainable model, registered as an OSGi service by the bundle that implements it. The server's
 * {@link TrainingSupervisor} runs its {@link #mainClass()} in a worker process of its own, on
 * {@link #classpath()}, with a {@link RunSpec} file as the only argument.
 */
public interface ModelTrainer {

    /** The name clients give as {@code model_name} (e.g. {@code ctc}). */
    String modelName();

    /** One line for people. */
    String description();

    /** The worker's main class. */
    String mainClass();

    /** The jar files and folders the worker needs, this bundle's included. */
    List<Path> classpath();

    /**
     * JVM options for the worker, beyond the heap the supervisor sets: {@code -Xmx} and {@code -Xms} alike (a fixed heap,
     * 1 GB by default), so that ratios such as {@code -XX:NewRatio} size the same on every machine.
     */
    default List<String> jvmOptions() {
        return List.of();
    }

    /**
     * Environment variables the worker needs (e.g. a native library's settings). A variable the server's own
     * environment already has keeps that value, so an operator can override one.
     *
     * @since 1.1
     */
    default Map<String, String> environment() {
        return Map.of();
    }
}
