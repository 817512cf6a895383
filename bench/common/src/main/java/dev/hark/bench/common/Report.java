package dev.hark.bench.common;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A benchmark's output: Markdown lines to standard output (kept to be saved), progress lines to standard error. */
public final class Report {

    private final StringBuilder text = new StringBuilder();

    public void print(String line) {
        System.out.println(line);
        System.out.flush();
        text.append(line).append('\n');
    }

    public static void progress(String line) {
        System.err.println("bench: " + line);
    }

    /** Writes what was printed so far; does nothing for a null path. */
    public void save(Path out) throws IOException {
        if (out != null) {
            Files.writeString(out, text.toString());
        }
    }
}
