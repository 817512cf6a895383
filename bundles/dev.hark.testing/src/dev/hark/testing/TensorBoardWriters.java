package dev.hark.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Event files from the real writers (tensorboardX and the tensorboard package, in the checkout's test venv made by
 * scripts/test-venv.sh from the machine's local wheels): bundles/dev.hark.testing/python/write_tfevents.py. The reader is never tested with
 * files Hark wrote.
 */
public final class TensorBoardWriters {

    private static Path python;

    private TensorBoardWriters() {
    }

    public static Path checkout() {
        Path p = Paths.get(System.getProperty("user.dir")).toAbsolutePath();
        while (p != null && !Files.exists(p.resolve("scripts/test-venv.sh"))) {
            p = p.getParent();
        }
        if (p == null) {
            throw new IllegalStateException("no scripts/test-venv.sh above " + System.getProperty("user.dir"));
        }
        return p;
    }

    public static synchronized Path python() throws IOException, InterruptedException {
        if (python == null) {
            Process p = new ProcessBuilder(checkout().resolve("scripts/test-venv.sh").toString())
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0) {
                throw new IOException("scripts/test-venv.sh failed (exit " + p.exitValue() + ")");
            }
            python = Paths.get(out);
        }
        return python;
    }

    static Path script() {
        return checkout().resolve("bundles/dev.hark.testing/python/write_tfevents.py");
    }

    /** Writes the finished runs of {@code write_tfevents.py batch} into {@code dir}. */
    public static void batch(Path dir) throws IOException, InterruptedException {
        write("batch", dir);
    }

    /** Writes the runs with hyperparameters of {@code write_tfevents.py hparams} into {@code dir}. */
    public static void hparams(Path dir) throws IOException, InterruptedException {
        write("hparams", dir);
    }

    private static void write(String mode, Path dir) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(List.of(python().toString(), script().toString(), mode, dir.toString()))
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(2, TimeUnit.MINUTES) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IOException("write_tfevents.py " + mode + " failed: " + out);
        }
    }

    /** A writer that keeps its event file open and writes on command. */
    public static final class Live implements AutoCloseable {
        private final Process process;
        private final Writer in;
        private final BufferedReader out;

        public Live(Path logdir) throws IOException, InterruptedException {
            process = new ProcessBuilder(List.of(python().toString(), script().toString(), "follow", logdir.toString()))
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
            out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        }

        /** Writes {@code n} more points and flushes; returns the last step written. */
        public long write(int n) throws IOException {
            in.write(n + "\n");
            in.flush();
            String line = out.readLine();
            if (line == null || !line.startsWith("ok ")) {
                throw new IOException("writer answered " + line);
            }
            return Long.parseLong(line.substring(3));
        }

        @Override
        public void close() throws Exception {
            try {
                in.write("close\n");
                in.flush();
                in.close();
            } catch (IOException gone) {
                // already ended
            }
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }
}
