package dev.hark.process;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Function;

import org.apache.commons.io.FileUtils;

/**
 * A child process that Hark supervises: the workbench's embedded server and the server's training workers.
 * One place for what both need — launch, a named pump thread per output stream (lines to a handler, a bounded
 * tail, optionally a log file), readiness from a line the child prints, a line to its standard input, a
 * graceful stop that turns forcible after a grace period, and deletion of the temporary folders it owned.
 *
 * <p>Threads: {@code <name>-stdout} and {@code <name>-stderr}, daemon, owned by this object; they end when the
 * child's streams close, and {@link #close()} waits for them (bounded). Thread-safe.
 *
 * @param <R> what the readiness line says (e.g. the address a server listens on)
 */
public final class ChildProcess<R> implements AutoCloseable {

    private final String name;
    private final Process process;
    private final OutputTail stdoutTail;
    private final OutputTail stderrTail;
    private final CompletableFuture<R> ready = new CompletableFuture<>();
    private final List<Path> ownedFolders;
    private final Thread stdoutPump;
    private final Thread stderrPump;

    private ChildProcess(Builder<R> b, Process process) {
        this.name = b.name;
        this.process = process;
        this.stdoutTail = new OutputTail(b.tailLines);
        this.stderrTail = b.mergeStderr ? stdoutTail : new OutputTail(b.tailLines);
        this.ownedFolders = List.copyOf(b.ownedFolders);
        this.stdoutPump = pump(process.getInputStream(), name + "-stdout", stdoutTail, b.stdoutLines, b.stdoutLog, b.readiness);
        this.stderrPump = b.mergeStderr ? null : pump(process.getErrorStream(), name + "-stderr", stderrTail, b.stderrLines, b.stderrLog, null);
    }

    /** Starts building a child named {@code name} (used for its threads and its messages). */
    public static <R> Builder<R> builder(String name, List<String> command) {
        return new Builder<>(name, command);
    }

    private Thread pump(InputStream stream, String threadName, OutputTail tail, Consumer<String> handler, Path log,
            Function<String, Optional<R>> readiness) {
        Thread t = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8));
                    Writer out = log == null ? Writer.nullWriter() : Files.newBufferedWriter(log, StandardCharsets.UTF_8)) {
                for (String line; (line = in.readLine()) != null;) {
                    tail.add(line);
                    if (log != null) {
                        out.write(line);
                        out.write('\n');
                        out.flush();
                    }
                    if (readiness != null && !ready.isDone()) {
                        readiness.apply(line).ifPresent(ready::complete);
                    }
                    if (handler != null) {
                        try {
                            handler.accept(line);
                        } catch (RuntimeException e) {
                            tail.add("[" + threadName + "] line handler failed: " + e);
                        }
                    }
                }
            } catch (IOException e) {
                // the child closed its stream or went away
            } finally {
                if (readiness != null) {
                    ready.completeExceptionally(new IOException(name + " exited before it was ready: " + lastLines(3)));
                }
            }
        }, threadName);
        t.setDaemon(true);
        t.start();
        return t;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** The last lines of standard output (and of standard error when merged), oldest first. */
    public List<String> outputTail() {
        return stdoutTail.lines();
    }

    /** The last lines of standard error (the same as {@link #outputTail()} when merged). */
    public List<String> errorTail() {
        return stderrTail.lines();
    }

    /** The last {@code n} lines of standard error, joined with " | " for a one-line message. */
    public String lastLines(int n) {
        List<String> l = stderrTail.lines();
        return String.join(" | ", l.subList(Math.max(0, l.size() - n), l.size()));
    }

    /** What the readiness line said, once it came. */
    public CompletableFuture<R> ready() {
        return ready;
    }

    /**
     * Waits for readiness; on timeout or an early exit the child is destroyed and an IOException says why.
     */
    public R awaitReady(Duration timeout) throws IOException, InterruptedException {
        try {
            return ready.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            process.destroyForcibly();
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        } catch (TimeoutException e) {
            process.destroyForcibly();
            throw new IOException(name + " was not ready within " + timeout.toSeconds() + " s: " + lastLines(3));
        }
    }

    /** Writes one line to the child's standard input (e.g. a stop command); false when it cannot take it. */
    public boolean sendLine(String line) {
        try {
            OutputStream in = process.getOutputStream();
            in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            in.flush();
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Waits for the child to end and for its output to be read; its exit code. */
    public int waitFor() throws InterruptedException {
        int code = process.waitFor();
        joinPumps(5_000);
        return code;
    }

    public boolean waitFor(Duration timeout) throws InterruptedException {
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Asks the child and its descendants to end (SIGTERM), then kills them after {@code grace}. Returns when
     * they are gone (bounded). Descendants matter: a grandchild that outlives its parent keeps the output pipes
     * open.
     */
    public void stop(Duration grace) {
        List<ProcessHandle> family = new ArrayList<>(process.descendants().toList());
        family.add(process.toHandle());
        family.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + grace.toNanos();
        try {
            for (ProcessHandle h : family) {
                long left = deadline - System.nanoTime();
                if (left > 0) {
                    try {
                        h.onExit().get(left, TimeUnit.NANOSECONDS);
                    } catch (TimeoutException | ExecutionException e) {
                        // forcible below
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // what the child started after the first look (a shell forking its command while the signal was blocked or
        // ignored) is family too: looked for again while the child still lives, since orphans are nobody's descendants
        process.descendants().forEach(h -> {
            if (!family.contains(h)) {
                family.add(0, h);
            }
        });
        family.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Kills the child and its descendants at once. */
    public void kill() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    private void joinPumps(long millis) throws InterruptedException {
        stdoutPump.join(millis);
        if (stderrPump != null) {
            stderrPump.join(millis);
        }
    }

    /** Stops the child (10 s grace), waits for its output threads, deletes the folders it owned. */
    @Override
    public void close() {
        stop(Duration.ofSeconds(10));
        try {
            joinPumps(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (Path folder : ownedFolders) {
            FileUtils.deleteQuietly(folder.toFile());
        }
    }

    @Override
    public String toString() {
        return name + " (pid " + process.pid() + (process.isAlive() ? ")" : ", ended)");
    }

    /** How to start a child. */
    public static final class Builder<R> {
        private final String name;
        private final List<String> command;
        private Path directory;
        private final List<String> removeEnv = new ArrayList<>();
        private final java.util.Map<String, String> env = new java.util.LinkedHashMap<>();
        private boolean mergeStderr;
        private int tailLines = 200;
        private Consumer<String> stdoutLines;
        private Consumer<String> stderrLines;
        private Path stdoutLog;
        private Path stderrLog;
        private Function<String, Optional<R>> readiness;
        private final List<Path> ownedFolders = new ArrayList<>();

        private Builder(String name, List<String> command) {
            this.name = name;
            this.command = List.copyOf(command);
        }

        public Builder<R> directory(Path dir) {
            this.directory = dir;
            return this;
        }

        public Builder<R> removeEnv(String variable) {
            removeEnv.add(variable);
            return this;
        }

        public Builder<R> env(String variable, String value) {
            env.put(variable, value);
            return this;
        }

        /** Standard error goes to the same stream, tail and handler as standard output. */
        public Builder<R> mergeStderr() {
            this.mergeStderr = true;
            return this;
        }

        /** How many lines of each stream to keep (default 200). */
        public Builder<R> tailLines(int lines) {
            this.tailLines = Math.max(1, lines);
            return this;
        }

        /** Called on the stdout pump thread for every line; must not block for long. */
        public Builder<R> onStdout(Consumer<String> handler) {
            this.stdoutLines = handler;
            return this;
        }

        public Builder<R> onStderr(Consumer<String> handler) {
            this.stderrLines = handler;
            return this;
        }

        public Builder<R> logStdout(Path file) {
            this.stdoutLog = file;
            return this;
        }

        public Builder<R> logStderr(Path file) {
            this.stderrLog = file;
            return this;
        }

        /** The child is ready when a line of its standard output parses to a value. */
        public Builder<R> readyWhen(Function<String, Optional<R>> parser) {
            this.readiness = parser;
            return this;
        }

        /** A temporary folder the child uses, deleted by {@link ChildProcess#close()}. */
        public Builder<R> owns(Path folder) {
            ownedFolders.add(folder);
            return this;
        }

        public ChildProcess<R> start() throws IOException {
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(mergeStderr);
            if (directory != null) {
                pb.directory(directory.toFile());
            }
            removeEnv.forEach(pb.environment()::remove);
            pb.environment().putAll(env);
            Process p;
            try {
                p = pb.start();
            } catch (IOException e) {
                ownedFolders.forEach(f -> FileUtils.deleteQuietly(f.toFile()));
                throw new IOException("cannot start " + name + ": " + e.getMessage(), e);
            }
            return new ChildProcess<>(this, p);
        }
    }
}
