package dev.hark.core;

/**
 * Where services publish what views show. In the workbench it is EventAdmin ({@link #post} wraps
 * {@code EventAdmin.postEvent} with {@link HarkEvents#create}); the CLI and tests may listen directly.
 * Implementations must be thread-safe and must not block the caller.
 */
@FunctionalInterface
public interface Bus {

    void post(String topic, Object payload);

    /** A bus that drops everything (for components used without a UI). */
    Bus NONE = (topic, payload) -> {
    };
}
