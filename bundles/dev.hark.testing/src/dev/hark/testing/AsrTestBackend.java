package dev.hark.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;

/**
 * The users' real asr-test backend for a test: the one {@code ./run-tests} started ({@code HARK_ASR_TEST_URL}), else
 * one of the test's own, started by {@code compat/backend-for-test} (as compat/run starts it: {@code /app} a symlink to
 * a scratch copy of the reference's backend-6cd623a, a small LJSpeech set, {@code run_backend.py} on a free port) and
 * stopped by {@link #close()}. Without a reference copy (or when {@code /app} is someone else's) the test is skipped,
 * or fails under {@code HARK_REQUIRE_ASR_TEST=1}.
 */
public final class AsrTestBackend implements AutoCloseable {

    private final URI url;
    private final Process process;

    private AsrTestBackend(URI url, Process process) {
        this.url = url;
        this.process = process;
    }

    public static AsrTestBackend start() throws IOException, InterruptedException {
        String given = System.getenv("HARK_ASR_TEST_URL");
        if (given != null && !given.isBlank()) {
            return new AsrTestBackend(URI.create(given.endsWith("/") ? given : given + "/"), null);
        }
        Optional<Path> script = script();
        if (script.isEmpty()) {
            return unavailable("no compat/backend-for-test above " + Path.of("").toAbsolutePath());
        }
        Process p = new ProcessBuilder("/bin/sh", script.get().toString()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine(); // "port N" once it answers; null when it gave up
        if (line == null || !line.startsWith("port ")) {
            p.getOutputStream().close();
            p.waitFor(30, TimeUnit.SECONDS);
            return unavailable("compat/backend-for-test could not start the asr-test backend (exit " + (p.isAlive() ? "?" : p.exitValue())
                    + "; see its messages above)");
        }
        return new AsrTestBackend(URI.create("http://127.0.0.1:" + line.substring(5).strip() + "/"), p);
    }

    private static AsrTestBackend unavailable(String why) {
        if ("1".equals(System.getenv("HARK_REQUIRE_ASR_TEST"))) {
            throw new AssertionError("HARK_REQUIRE_ASR_TEST=1: " + why);
        }
        Assumptions.abort(why);
        return null;
    }

    private static Optional<Path> script() {
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            Path s = d.resolve("compat").resolve("backend-for-test");
            if (Files.isRegularFile(s)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    /** The backend's base URL, ending in "/". */
    public URI url() {
        return url;
    }

    /** Whether this test started it (else ./run-tests did and stops it). */
    public boolean own() {
        return process != null;
    }

    /** Stops a backend of the test's own (its script stops the process group and removes /app). */
    @Override
    public void close() throws Exception {
        if (process == null) {
            return;
        }
        process.getOutputStream().close();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroy();
            process.waitFor(15, TimeUnit.SECONDS);
        }
    }
}
