package dev.hark.process;

import java.nio.file.Path;

/** Where the running JVM's {@code java} is, for children that run Java too. */
public final class JavaCommand {

    private JavaCommand() {
    }

    /** The executable of this process (the same Java), else {@code java.home}'s {@code bin/java}. */
    public static String current() {
        return ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }
}
