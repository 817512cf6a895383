package dev.hark.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real Hark server in a process of its own ({@code dev.hark.server.application}, what {@code hark serve} runs), started
 * from this test runtime's OSGi configuration (the same bundles), so that a test can kill it with SIGKILL as a crash
 * or the OOM killer would: no close handshake, no final flush, every session gone.
 *
 * <p>Owns the child process and its "hark-test-server-output" reader thread (which ends with the process), and a copy
 * of the configuration area, deleted on {@link #close()}. {@link #close()} kills the child if it still runs.
 */
public final class ServerProcess implements AutoCloseable {

    private static final Pattern LISTENING = Pattern.compile("Hark server listening on (http://\\S+?)/? ");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    private static final int TAIL_LINES = 80;

    private final Process process;
    private final Path configuration;
    private final Deque<String> tail = new ArrayDeque<>();
    private final CompletableFuture<URI> listening = new CompletableFuture<>();

    private ServerProcess(Process process, Path configuration) {
        this.process = process;
        this.configuration = configuration;
        process.onExit().thenRun(() -> listening.completeExceptionally(new IOException("the server process ended")));
        Thread reader = new Thread(this::readOutput, "hark-test-server-output");
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Starts a server on 127.0.0.1:{@code port} over {@code data} and waits until it listens.
     *
     * @param vmArguments extra JVM arguments for the child, e.g. {@code -Dhark.pocketsphinx.vadPostspeech=30}
     */
    public static ServerProcess start(int port, Path data, String... vmArguments) throws IOException, InterruptedException {
        Path configuration = configurationCopy();
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.add("-Xmx1g");
        command.add("-Djava.awt.headless=true");
        // what Equinox's launcher (the products' hark) sets and EclipseStarter alone does not: JDK packages outside
        // java.* (com.sun.management for the server's capacity model) resolve from the boot class path
        command.add("-Dosgi.compatibility.bootdelegation=true");
        command.addAll(List.of(vmArguments));
        command.add("-Dhark.parent.pid=" + ProcessHandle.current().pid()); // ends itself when the tests' JVM is gone
        command.add("-jar");
        command.add(frameworkJar().toString());
        command.add("-configuration");
        command.add(configuration.toUri().toString());
        command.add("-application");
        command.add("dev.hark.server.application");
        command.add("--port");
        command.add(Integer.toString(port));
        command.add("--data");
        command.add(data.toString());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().remove("HARK_SERVER_TOKEN");
        ServerProcess server = new ServerProcess(builder.start(), configuration);
        try {
            server.listening.get(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (Exception e) {
            server.close();
            throw new IOException("the server process did not start listening within " + START_TIMEOUT.toSeconds()
                    + " s; its output:\n" + String.join("\n", server.outputTail()), e);
        }
        return server;
    }

    /** Its HTTP address, e.g. {@code http://127.0.0.1:41234}. */
    public URI httpUri() {
        return listening.join();
    }

    /** Its v2 streaming address. */
    public URI v2StreamUri() {
        return URI.create(httpUri().toString().replaceFirst("^http", "ws") + "/v2/stream");
    }

    public long pid() {
        return process.pid();
    }

    /** Kills it with SIGKILL ({@code kill -9}) and waits until it is gone. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("server process " + process.pid() + " survived SIGKILL for 30 s");
        }
    }

    /** The last lines it printed (stdout and stderr). */
    public synchronized List<String> outputTail() {
        return List.copyOf(tail);
    }

    private void readOutput() {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                synchronized (this) {
                    tail.addLast(line);
                    if (tail.size() > TAIL_LINES) {
                        tail.removeFirst();
                    }
                }
                Matcher m = LISTENING.matcher(line);
                if (m.find()) {
                    listening.complete(URI.create(m.group(1)));
                }
            }
        } catch (IOException e) {
            // the process is gone
        } finally {
            listening.completeExceptionally(new IOException("the server process ended"));
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
        try (var files = Files.walk(configuration)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary folder left behind
        }
    }

    /** The OSGi framework jar this runtime runs on (its {@code Main-Class} is Equinox's launcher, EclipseStarter). */
    private static Path frameworkJar() throws IOException {
        String framework = System.getProperty("osgi.framework");
        if (framework != null && framework.endsWith(".jar")) {
            return Path.of(toUri(framework.substring(framework.indexOf("file:"))));
        }
        try {
            var source = org.osgi.framework.Bundle.class.getProtectionDomain().getCodeSource();
            if (source != null && source.getLocation().toString().endsWith(".jar")) {
                return Path.of(source.getLocation().toURI());
            }
        } catch (Exception e) {
            // reported below
        }
        throw new IOException("cannot find the Equinox framework jar (osgi.framework=" + framework + ")");
    }

    /** A private copy of this runtime's configuration area (config.ini): the child gets the same bundles. */
    private static Path configurationCopy() throws IOException {
        String area = System.getProperty("osgi.configuration.area");
        if (area == null) {
            throw new IOException("no osgi.configuration.area: not in an OSGi test runtime?");
        }
        Path source = Path.of(toUri(area));
        Path target = Files.createTempDirectory("hark-test-server-config-");
        Files.copy(source.resolve("config.ini"), target.resolve("config.ini"), StandardCopyOption.REPLACE_EXISTING);
        return target;
    }

    private static URI toUri(String url) throws IOException {
        try {
            return new URL(url.replace(" ", "%20")).toURI();
        } catch (Exception e) {
            throw new IOException("unreadable location " + url, e);
        }
    }
}
